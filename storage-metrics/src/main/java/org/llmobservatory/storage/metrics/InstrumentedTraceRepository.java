package org.llmobservatory.storage.metrics;

import java.util.List;
import java.util.Optional;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.repository.Page;
import org.llmobservatory.storage.repository.SpanQuery;
import org.llmobservatory.storage.repository.TimeRange;
import org.llmobservatory.storage.repository.TraceQuery;
import org.llmobservatory.storage.repository.TraceRepository;
import org.llmobservatory.storage.repository.TraceTree;
import org.llmobservatory.storage.repository.TraceSummary;
import org.llmobservatory.storage.repository.UsageQuery;
import org.llmobservatory.storage.repository.UsageRow;

/** A {@link TraceRepository} whose queries are timed and counted in {@link StorageMetrics}. */
public final class InstrumentedTraceRepository {

    private final TraceRepository repository;

    public InstrumentedTraceRepository(StoragePool pool, StorageMetrics metrics) {
        this.repository = new TraceRepository(pool, metrics);
    }

    public Page<TraceSummary> listTraces(TraceQuery query) {
        return repository.listTraces(query);
    }

    public Optional<TraceTree> trace(String projectId, String traceId) {
        return repository.trace(projectId, traceId);
    }

    public Optional<TraceTree> trace(String projectId, String traceId, TimeRange hint) {
        return repository.trace(projectId, traceId, hint);
    }

    public Page<Span> searchSpans(SpanQuery query) {
        return repository.searchSpans(query);
    }

    public List<UsageRow> usage(UsageQuery query) {
        return repository.usage(query);
    }
}
