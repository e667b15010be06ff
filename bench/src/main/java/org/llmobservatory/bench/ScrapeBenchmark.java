package org.llmobservatory.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.llmobservatory.storage.config.WriteMethod;
import org.llmobservatory.storage.metrics.StorageMetrics;
import org.llmobservatory.storage.repository.RepositoryKind;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full {@code /metrics} scrape at the cardinality of a running service: the storage families with
 * every label combination in use, JVM and process binders, and HTTP request timers for a realistic
 * set of routes and statuses. Sample mode reports the scrape latency percentiles.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScrapeBenchmark {

    private static final String[] ROUTES = {"/v1/traces", "/v1/logs", "/v1/metrics", "/api/v1/traces",
        "/api/v1/traces/{traceId}", "/api/v1/spans", "/api/v1/logs", "/api/v1/metrics/series", "/api/v1/usage",
        "/health", "/health/live", "/health/ready", "/metrics"};
    private static final String[] STATUSES = {"200", "400", "413", "415", "429", "503"};

    private PrometheusMeterRegistry registry;
    private JvmGcMetrics gc;

    @Setup
    public void setUp() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("application", "llm-observatory", "instance", "bench:9090");
        StorageMetrics metrics = new StorageMetrics(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        for (WriterType writer : WriterType.values()) {
            for (WriteMethod method : new WriteMethod[] {WriteMethod.COPY, WriteMethod.INSERT}) {
                metrics.committed(writer, method, 500, 500, 10, 5_000_000L);
            }
        }
        for (String method : new String[] {"list_traces", "get_trace", "search_spans", "usage"}) {
            metrics.queryCompleted(RepositoryKind.TRACE, method, 2_000_000L, 20);
        }
        for (String route : ROUTES) {
            for (String status : STATUSES) {
                Timer.builder("http.server.requests").tags("method", "POST", "uri", route, "status", status,
                        "outcome", status.startsWith("2") ? "SUCCESS" : "CLIENT_ERROR", "exception", "None")
                        .publishPercentileHistogram()
                        .register(registry).record(Duration.ofMillis(3));
            }
        }
    }

    @TearDown
    public void tearDown() {
        gc.close();
    }

    @Benchmark
    public String scrape() {
        return registry.scrape();
    }
}
