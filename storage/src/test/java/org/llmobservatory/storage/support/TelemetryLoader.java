package org.llmobservatory.storage.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.model.LogRecord;
import org.llmobservatory.storage.model.MetricPoint;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.schema.PartitionManager;
import org.llmobservatory.storage.writer.LogWriter;
import org.llmobservatory.storage.writer.MetricWriter;
import org.llmobservatory.storage.writer.TraceWriter;
import org.llmobservatory.storage.writer.WriteObserver;
import org.llmobservatory.storage.writer.WriteOutcome;

/** Stores test telemetry through the real writers and returns once every item is committed. */
public final class TelemetryLoader implements AutoCloseable {

    private static final WriterSettings FAST = WriterSettings.DEFAULTS.withFlushInterval(Duration.ofMillis(10));

    private final TraceWriter traces;
    private final LogWriter logs;
    private final MetricWriter metrics;

    public TelemetryLoader(StoragePool pool) {
        PartitionManager partitions = new PartitionManager(pool.dataSource());
        traces = new TraceWriter(pool, partitions, FAST, WriteObserver.NONE);
        logs = new LogWriter(pool, partitions, FAST, WriteObserver.NONE);
        metrics = new MetricWriter(pool, partitions, FAST, WriteObserver.NONE);
    }

    public void spans(List<Span> spans) {
        committed(traces.writeAll(spans).join(), spans.size());
    }

    public void logs(List<LogRecord> records) {
        committed(logs.writeAll(records).join(), records.size());
    }

    public void metrics(List<MetricPoint> points) {
        committed(metrics.writeAll(points).join(), points.size());
    }

    private static void committed(WriteOutcome outcome, int expected) {
        assertThat(outcome.rejected()).as("items refused by the database").isEmpty();
        assertThat(outcome.committed()).isEqualTo(expected);
    }

    @Override
    public void close() {
        traces.close();
        logs.close();
        metrics.close();
    }
}
