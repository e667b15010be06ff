package org.llmobservatory.storage.writer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.schema.PartitionManager;

/**
 * Writes items of one kind to PostgreSQL in batches. A returned future completes only once its items
 * are committed, so acknowledging a client after it completes never acknowledges data that could
 * still be lost. Writing the same items again stores nothing twice.
 */
public abstract sealed class BatchWriter<T> implements AutoCloseable permits TraceWriter, LogWriter, MetricWriter {

    private final BatchEngine<T> engine;

    BatchWriter(TableLayout<T> layout, StoragePool pool, PartitionManager partitions, WriterSettings settings,
            WriteObserver observer) {
        this.engine = new BatchEngine<>(layout, pool, partitions, settings, observer);
    }

    /**
     * Buffers one item. The future fails with {@link BufferFullException} at once when the buffer is
     * full, with {@link RejectedItemException} when the database refuses the item, and with
     * {@link WriteFailedException} when it could not be stored at all.
     */
    public CompletableFuture<Void> write(T item) {
        return WriterFutures.single(engine.submit(List.of(item)));
    }

    /**
     * Buffers the items as one group, all or none ({@link BufferFullException} when they do not fit).
     * The outcome lists the items the database refused; all others are committed.
     */
    public CompletableFuture<WriteOutcome> writeAll(List<T> items) {
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

    /**
     * How long the oldest batch being written has been at it, retries included; zero when none is. A write that takes
     * longer than a client waits for its answer means the database does not confirm writes now, even if it has
     * reported no error (a hung server, a lock held elsewhere).
     */
    public Duration longestWrite() {
        return Duration.ofNanos(engine.longestWriteNanos());
    }

    /** True while the buffer has no room for a single item: any write would be refused now. */
    public boolean full() {
        return engine.full();
    }

    /** Stops accepting items and drains the buffer, waiting at most the configured drain timeout. */
    @Override
    public void close() {
        engine.close();
    }
}
