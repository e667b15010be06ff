package org.llmobservatory.storage.writer;

import java.util.function.IntSupplier;
import org.llmobservatory.storage.config.WriteMethod;
import org.llmobservatory.storage.error.ErrorType;

/**
 * Hears what a writer does. Every method defaults to nothing and {@link #NONE} is installed when
 * nobody listens, so the write path never checks for a missing observer. Calls come from the
 * writers' flush threads and from callers of {@code write}; implementations must be thread-safe and
 * quick.
 */
public interface WriteObserver {

    WriteObserver NONE = new WriteObserver() {
    };

    /** A writer started; {@code buffered} reads how many items it holds at any moment. */
    default void writerOpened(WriterType writer, IntSupplier buffered) {
    }

    /** The writer that reported {@code buffered} when it opened has closed. */
    default void writerClosed(WriterType writer, IntSupplier buffered) {
    }

    /** {@code count} items were refused because the buffer was full. */
    default void refused(WriterType writer, int count) {
    }

    /**
     * A batch was committed. {@code items} were in it; {@code inserted} rows were new (the rest were
     * already stored, sent again by a client); the new rows carried {@code events} span events.
     */
    default void committed(WriterType writer, WriteMethod method, int items, int inserted, int events, long nanos) {
    }

    /** An attempt to write a batch failed; it may be retried, split, or given up. */
    default void failed(WriterType writer, WriteMethod method, int items, ErrorType error, long nanos) {
    }

    /** A batch is written again, by {@code method}, after a transient failure and {@code backoffNanos}. */
    default void retrying(WriterType writer, WriteMethod method, ErrorType error, int attempt, long backoffNanos) {
    }

    /** An item was refused by the database (bad value) and reported back to its caller. */
    default void rejected(WriterType writer, ErrorType error) {
    }

    /** A flush ended: {@code success} is false when some of its items could not be stored at all. */
    default void flushed(WriterType writer, FlushTrigger trigger, boolean success, int items) {
    }

    /** This observer, then {@code next}, hear every call. */
    default WriteObserver andThen(WriteObserver next) {
        WriteObserver first = this;
        return new WriteObserver() {
            @Override
            public void writerOpened(WriterType writer, IntSupplier buffered) {
                first.writerOpened(writer, buffered);
                next.writerOpened(writer, buffered);
            }

            @Override
            public void writerClosed(WriterType writer, IntSupplier buffered) {
                first.writerClosed(writer, buffered);
                next.writerClosed(writer, buffered);
            }

            @Override
            public void refused(WriterType writer, int count) {
                first.refused(writer, count);
                next.refused(writer, count);
            }

            @Override
            public void committed(WriterType writer, WriteMethod method, int items, int inserted, int events,
                    long nanos) {
                first.committed(writer, method, items, inserted, events, nanos);
                next.committed(writer, method, items, inserted, events, nanos);
            }

            @Override
            public void failed(WriterType writer, WriteMethod method, int items, ErrorType error, long nanos) {
                first.failed(writer, method, items, error, nanos);
                next.failed(writer, method, items, error, nanos);
            }

            @Override
            public void retrying(WriterType writer, WriteMethod method, ErrorType error, int attempt,
                    long backoffNanos) {
                first.retrying(writer, method, error, attempt, backoffNanos);
                next.retrying(writer, method, error, attempt, backoffNanos);
            }

            @Override
            public void rejected(WriterType writer, ErrorType error) {
                first.rejected(writer, error);
                next.rejected(writer, error);
            }

            @Override
            public void flushed(WriterType writer, FlushTrigger trigger, boolean success, int items) {
                first.flushed(writer, trigger, success, items);
                next.flushed(writer, trigger, success, items);
            }
        };
    }
}
