package org.llmobservatory.storage.metrics;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.schema.PartitionManager;
import org.llmobservatory.storage.writer.TraceWriter;
import org.llmobservatory.storage.writer.WriteOutcome;

/**
 * A {@link TraceWriter} that records its work in {@link StorageMetrics}: write duration, outcomes, batch
 * sizes, items committed, buffer size, flushes, retries and errors. Use it where you would use the
 * bare writer.
 */
public final class InstrumentedTraceWriter implements AutoCloseable {

    private final TraceWriter writer;

    public InstrumentedTraceWriter(StoragePool pool, StorageMetrics metrics) {
        this(pool, WriterSettings.DEFAULTS, metrics);
    }

    public InstrumentedTraceWriter(StoragePool pool, WriterSettings settings, StorageMetrics metrics) {
        this.writer = new TraceWriter(pool, new PartitionManager(pool.dataSource()), settings, metrics);
    }

    /** See {@link TraceWriter#write}. */
    public CompletableFuture<Void> write(Span item) {
        return writer.write(item);
    }

    /** See {@link TraceWriter#writeAll}. */
    public CompletableFuture<WriteOutcome> writeAll(List<Span> items) {
        return writer.writeAll(items);
    }

    /** See {@link TraceWriter#flush}. */
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
