package org.llmobservatory.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.llmobservatory.storage.config.WriteMethod;
import org.llmobservatory.storage.metrics.StorageMetrics;
import org.llmobservatory.storage.query.RepositoryKind;
import org.llmobservatory.storage.writer.WriterType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** What recording one committed batch and one query costs on a Prometheus registry. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MetricsRecordingBenchmark {

    private StorageMetrics metrics;

    @Setup
    public void setUp() {
        metrics = new StorageMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** The observer calls of one committed COPY batch of 1,000 spans. */
    @Benchmark
    public void recordWrite() {
        metrics.committed(WriterType.TRACE, WriteMethod.COPY, 1_000, 1_000, 120, 12_000_000L);
    }

    /** The observer call of one trace-list query returning 50 rows. */
    @Benchmark
    public void recordQuery() {
        metrics.queryCompleted(RepositoryKind.TRACE, "list_traces", 3_000_000L, 50);
    }
}
