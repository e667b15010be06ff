package org.llmobservatory.storage.writer;

import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.schema.PartitionManager;

/** Writes spans (model calls, tool calls, agent steps) in batches; see {@link BatchWriter}. */
public non-sealed class TraceWriter extends BatchWriter<Span> {

    public TraceWriter(StoragePool pool, PartitionManager partitions, WriterSettings settings, WriteObserver observer) {
        super(Layouts.SPANS, pool, partitions, settings, observer);
    }
}
