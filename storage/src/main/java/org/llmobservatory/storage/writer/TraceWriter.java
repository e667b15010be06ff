package org.llmobservatory.storage.writer;

import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.rollup.UsageDeltas;
import org.llmobservatory.storage.schema.PartitionManager;

/**
 * Writes spans (model calls, tool calls, agent steps) in batches; see {@link BatchWriter}. Each batch also writes, in
 * its own transaction, the resources its new spans refer to ({@link SpanResources}) and what its new LLM spans add to
 * the usage rollups ({@link UsageDeltas}).
 */
public non-sealed class TraceWriter extends BatchWriter<Span> {

    public TraceWriter(StoragePool pool, PartitionManager partitions, WriterSettings settings, WriteObserver observer) {
        this(pool, partitions, settings, observer, UsageDeltas::write);
    }

    /**
     * With {@code alongside} written in each batch's transaction instead of the usage deltas; null writes spans and
     * their resources alone (for measuring what the rollups cost; usage then misses these spans).
     */
    public TraceWriter(StoragePool pool, PartitionManager partitions, WriterSettings settings, WriteObserver observer,
            SameTransaction<Span> alongside) {
        super(Layouts.SPANS.withAlongside(Layouts.SPAN_IDENTITY, (c, inserted) -> {
            SpanResources.write(c, inserted);
            if (alongside != null) {
                alongside.write(c, inserted);
            }
        }), pool, partitions, settings, observer);
    }
}
