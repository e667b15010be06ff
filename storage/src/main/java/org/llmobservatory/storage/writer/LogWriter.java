package org.llmobservatory.storage.writer;

import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.model.LogRecord;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.schema.PartitionManager;

/** Writes log records in batches; see {@link BatchWriter}. */
public non-sealed class LogWriter extends BatchWriter<LogRecord> {

    public LogWriter(StoragePool pool, PartitionManager partitions, WriterSettings settings, WriteObserver observer) {
        super(Layouts.LOGS, pool, partitions, settings, observer);
    }
}
