package org.llmobservatory.storage.metrics;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.model.LogRecord;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.schema.PartitionManager;
import org.llmobservatory.storage.writer.LogWriter;
import org.llmobservatory.storage.writer.WriteOutcome;

/**
 * A {@link LogWriter} that records its work in {@link StorageMetrics}: write duration, outcomes, batch
 * sizes, items committed, buffer size, flushes, retries and errors. Use it where you would use the
 * bare writer.
 */
public final class InstrumentedLogWriter implements AutoCloseable {

    private final LogWriter writer;

    public InstrumentedLogWriter(StoragePool pool, StorageMetrics metrics) {
        this(pool, WriterSettings.DEFAULTS, metrics);
    }

    public InstrumentedLogWriter(StoragePool pool, WriterSettings settings, StorageMetrics metrics) {
        this.writer = new LogWriter(pool, new PartitionManager(pool.dataSource()), settings, metrics);
    }

    /** See {@link LogWriter#write}. */
    public CompletableFuture<Void> write(LogRecord item) {
        return writer.write(item);
    }

    /** See {@link LogWriter#writeAll}. */
    public CompletableFuture<WriteOutcome> writeAll(List<LogRecord> items) {
        return writer.writeAll(items);
    }

    /** See {@link LogWriter#flush}. */
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
