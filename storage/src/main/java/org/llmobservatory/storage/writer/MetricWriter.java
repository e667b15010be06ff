package org.llmobservatory.storage.writer;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.model.MetricPoint;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.schema.PartitionManager;

/**
 * Writes metric data points to PostgreSQL in batches. A returned future completes only once its items are committed, so
 * acknowledging a client after it completes never acknowledges data that could still be lost.
 * Writing the same metric points again stores nothing twice.
 */
public final class MetricWriter implements AutoCloseable {

    private final BatchEngine<MetricPoint> engine;

    public MetricWriter(StoragePool pool, PartitionManager partitions, WriterSettings settings, WriteObserver observer) {
        this.engine = new BatchEngine<>(Layouts.METRIC_POINTS, pool, partitions, settings, observer);
    }

    /**
     * Buffers one item. The future fails with {@link BufferFullException} at once when the buffer is
     * full, with {@link RejectedItemException} when the database refuses the item, and with
     * {@link WriteFailedException} when it could not be stored at all.
     */
    public CompletableFuture<Void> write(MetricPoint item) {
        return WriterFutures.single(engine.submit(List.of(item)));
    }

    /**
     * Buffers the items as one group, all or none ({@link BufferFullException} when they do not fit).
     * The outcome lists the items the database refused; all others are committed.
     */
    public CompletableFuture<WriteOutcome> writeAll(List<MetricPoint> items) {
        return engine.submit(items);
    }

    /** Writes everything buffered now; completes when it is committed. */
    public CompletableFuture<Void> flush() {
        return engine.flush();
    }

    /** Items accepted and not yet committed. */
    public int buffered() {
        return engine.buffered();
    }

    /** Stops accepting items and drains the buffer, waiting at most the configured drain timeout. */
    @Override
    public void close() {
        engine.close();
    }
}
