package org.llmobservatory.storage.metrics;

import java.util.List;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.repository.MetricRepository;
import org.llmobservatory.storage.repository.Series;
import org.llmobservatory.storage.repository.SeriesQuery;

/** A {@link MetricRepository} whose queries are timed and counted in {@link StorageMetrics}. */
public final class InstrumentedMetricRepository {

    private final MetricRepository repository;

    public InstrumentedMetricRepository(StoragePool pool, StorageMetrics metrics) {
        this.repository = new MetricRepository(pool, metrics);
    }

    public List<Series> series(SeriesQuery query) {
        return repository.series(query);
    }
}
