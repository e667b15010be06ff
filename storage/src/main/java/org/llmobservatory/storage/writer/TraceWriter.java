package org.llmobservatory.storage.writer;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.cost.SpanPricing;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.rollup.UsageDeltas;
import org.llmobservatory.storage.schema.PartitionManager;

/**
 * Writes spans (model calls, tool calls, agent steps) in batches; see {@link BatchWriter}. Built with a
 * {@link SpanPricing} (as {@code Storage} builds it), a model call written without a cost gets the price table's.
 * Each batch also writes, in its own transaction, the resources its new spans refer to ({@link SpanResources}) and what its new LLM spans add to
 * the usage rollups ({@link UsageDeltas}).
 */
public non-sealed class TraceWriter extends BatchWriter<Span> {

    private final SpanPricing pricing;

    public TraceWriter(StoragePool pool, PartitionManager partitions, WriterSettings settings, WriteObserver observer) {
        this(pool, partitions, settings, observer, UsageDeltas::write);
    }

    /**
     * With {@code pricing} asked for the cost of every model call written without one, before it is buffered (so the
     * usage rollups count it too).
     */
    public TraceWriter(StoragePool pool, PartitionManager partitions, WriterSettings settings, WriteObserver observer,
            SpanPricing pricing) {
        this(pool, partitions, settings, observer, UsageDeltas::write, pricing);
    }

    /**
     * With {@code alongside} written in each batch's transaction instead of the usage deltas; null writes spans and
     * their resources alone (for measuring what the rollups cost; usage then misses these spans).
     */
    public TraceWriter(StoragePool pool, PartitionManager partitions, WriterSettings settings, WriteObserver observer,
            SameTransaction<Span> alongside) {
        this(pool, partitions, settings, observer, alongside, null);
    }

    private TraceWriter(StoragePool pool, PartitionManager partitions, WriterSettings settings, WriteObserver observer,
            SameTransaction<Span> alongside, SpanPricing pricing) {
        super(Layouts.SPANS.withAlongside(Layouts.SPAN_IDENTITY, (c, inserted) -> {
            SpanResources.write(c, inserted);
            if (alongside != null) {
                alongside.write(c, inserted);
            }
        }), pool, partitions, settings, observer);
        this.pricing = pricing;
    }

    @Override
    public CompletableFuture<Void> write(Span span) {
        return super.write(pricing == null ? span : pricing.price(span));
    }

    @Override
    public CompletableFuture<WriteOutcome> writeAll(List<Span> spans) {
        return super.writeAll(pricing == null ? spans : pricing.price(spans));
    }
}
