package org.llmobservatory.storage.metrics;

import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.schema.PartitionManager;
import org.llmobservatory.storage.writer.LogWriter;

/**
 * A {@link LogWriter} that records its work in {@link StorageMetrics}: write duration, outcomes, batch
 * sizes, items committed, buffer size, flushes, retries and errors. Use it where you would use the
 * bare writer.
 */
public final class InstrumentedLogWriter extends LogWriter {

    public InstrumentedLogWriter(StoragePool pool, StorageMetrics metrics) {
        this(pool, WriterSettings.DEFAULTS, metrics);
    }

    public InstrumentedLogWriter(StoragePool pool, WriterSettings settings, StorageMetrics metrics) {
        super(pool, new PartitionManager(pool.dataSource()), settings, metrics);
    }
}
