package org.llmobservatory.storage.config;

import java.time.Duration;

/**
 * Tuning of the batching writers.
 *
 * @param batchSize        items per flushed batch; a full batch triggers a flush at once
 * @param flushInterval    how long a free flush slot lets a partial batch wait for more items; zero (the
 *                         default) writes whatever waits at once, so a lone request waits for its own
 *                         commit only, and batches grow while every slot is busy (group commit)
 * @param bufferCapacity   items buffered (queued plus in flight) before new writes are refused
 * @param method           COPY, INSERT, or AUTO (COPY from {@code copyThreshold} items up)
 * @param copyThreshold    smallest batch written with COPY under AUTO
 * @param flushConcurrency batches written in parallel, each on its own connection
 * @param retryBackoffMax  cap of the exponential backoff between retries of a transient failure
 * @param drainTimeout     how long closing a writer waits for buffered items to commit
 */
public record WriterSettings(
        int batchSize,
        Duration flushInterval,
        int bufferCapacity,
        WriteMethod method,
        int copyThreshold,
        int flushConcurrency,
        Duration retryBackoffMax,
        Duration drainTimeout) {

    public static final WriterSettings DEFAULTS = new WriterSettings(
            1000, Duration.ZERO, 100_000, WriteMethod.AUTO, 64, 2, Duration.ofSeconds(5),
            Duration.ofSeconds(20));

    public WriterSettings {
        require(batchSize >= 1, "batchSize must be at least 1");
        require(bufferCapacity >= batchSize, "bufferCapacity must be at least batchSize");
        require(copyThreshold >= 1, "copyThreshold must be at least 1");
        require(flushConcurrency >= 1, "flushConcurrency must be at least 1");
        require(!flushInterval.isNegative(), "flushInterval must not be negative");
        require(!retryBackoffMax.isNegative(), "retryBackoffMax must not be negative");
        require(!drainTimeout.isNegative(), "drainTimeout must not be negative");
    }

    public WriterSettings withBatchSize(int value) {
        return new WriterSettings(value, flushInterval, Math.max(bufferCapacity, value), method, copyThreshold,
                flushConcurrency, retryBackoffMax, drainTimeout);
    }

    public WriterSettings withFlushInterval(Duration value) {
        return new WriterSettings(batchSize, value, bufferCapacity, method, copyThreshold, flushConcurrency,
                retryBackoffMax, drainTimeout);
    }

    public WriterSettings withBufferCapacity(int value) {
        return new WriterSettings(batchSize, flushInterval, value, method, copyThreshold, flushConcurrency,
                retryBackoffMax, drainTimeout);
    }

    public WriterSettings withMethod(WriteMethod value) {
        return new WriterSettings(batchSize, flushInterval, bufferCapacity, value, copyThreshold, flushConcurrency,
                retryBackoffMax, drainTimeout);
    }

    public WriterSettings withCopyThreshold(int value) {
        return new WriterSettings(batchSize, flushInterval, bufferCapacity, method, value, flushConcurrency,
                retryBackoffMax, drainTimeout);
    }

    public WriterSettings withFlushConcurrency(int value) {
        return new WriterSettings(batchSize, flushInterval, bufferCapacity, method, copyThreshold, value,
                retryBackoffMax, drainTimeout);
    }

    public WriterSettings withRetryBackoffMax(Duration value) {
        return new WriterSettings(batchSize, flushInterval, bufferCapacity, method, copyThreshold, flushConcurrency,
                value, drainTimeout);
    }

    public WriterSettings withDrainTimeout(Duration value) {
        return new WriterSettings(batchSize, flushInterval, bufferCapacity, method, copyThreshold, flushConcurrency,
                retryBackoffMax, value);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
