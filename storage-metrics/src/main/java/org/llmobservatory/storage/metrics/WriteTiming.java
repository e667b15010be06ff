package org.llmobservatory.storage.metrics;

import org.llmobservatory.storage.config.WriteMethod;
import org.llmobservatory.storage.error.ErrorType;
import org.llmobservatory.storage.writer.WriterType;

/**
 * Times one write for code that writes outside the batching writers:
 * {@code try (var t = metrics.startWrite(TRACE, COPY)) { ...; t.succeeded(rows); }}. Closing records
 * the duration, and an error unless {@link #succeeded} was called.
 */
public final class WriteTiming implements AutoCloseable {

    private final StorageMetrics metrics;
    private final WriterType writer;
    private final WriteMethod method;
    private final long started;
    private int items = -1;
    private ErrorType error = ErrorType.OTHER;

    WriteTiming(StorageMetrics metrics, WriterType writer, WriteMethod method, long started) {
        this.metrics = metrics;
        this.writer = writer;
        this.method = method;
        this.started = started;
    }

    /** The write committed {@code count} items. */
    public void succeeded(int count) {
        this.items = count;
    }

    /** The write failed in this way (otherwise an unfinished write counts as {@code other}). */
    public void failed(ErrorType type) {
        this.error = type;
        this.items = -1;
    }

    @Override
    public void close() {
        long nanos = System.nanoTime() - started;
        if (items >= 0) {
            metrics.committed(writer, method, items, items, 0, nanos);
        } else {
            metrics.failed(writer, method, 0, error, nanos);
        }
    }
}
