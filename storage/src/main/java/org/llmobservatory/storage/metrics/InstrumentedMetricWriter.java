package org.llmobservatory.storage.metrics;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.model.MetricPoint;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.schema.PartitionManager;
import org.llmobservatory.storage.writer.MetricWriter;
import org.llmobservatory.storage.writer.WriteOutcome;

/**
 * A {@link MetricWriter} that records its work in {@link StorageMetrics}: write duration, outcomes, batch
 * sizes, items committed, buffer size, flushes, retries and errors. Use it where you would use the
 * bare writer.
 */
public final class InstrumentedMetricWriter implements AutoCloseable {

    private final MetricWriter writer;

    public InstrumentedMetricWriter(StoragePool pool, StorageMetrics metrics) {
        this(pool, WriterSettings.DEFAULTS, metrics);
    }

    public InstrumentedMetricWriter(StoragePool pool, WriterSettings settings, StorageMetrics metrics) {
        this.writer = new MetricWriter(pool, new PartitionManager(pool.dataSource()), settings, metrics);
    }

    /** See {@link MetricWriter#write}. */
    public CompletableFuture<Void> write(MetricPoint item) {
        return writer.write(item);
    }

    /** See {@link MetricWriter#writeAll}. */
    public CompletableFuture<WriteOutcome> writeAll(List<MetricPoint> items) {
        return writer.writeAll(items);
    }

    /** See {@link MetricWriter#flush}. */
    public CompletableFuture<Void> flush() {
        return writer.flush();
    }

    public int buffered() {
        return writer.buffered();
    }

    @Override
    public void close() {
        writer.close();
    }
}
