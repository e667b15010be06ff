package org.llmobservatory.storage.metrics;

import org.llmobservatory.storage.model.LogRecord;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.repository.LogQuery;
import org.llmobservatory.storage.repository.LogRepository;
import org.llmobservatory.storage.repository.Page;

/** A {@link LogRepository} whose queries are timed and counted in {@link StorageMetrics}. */
public final class InstrumentedLogRepository {

    private final LogRepository repository;

    public InstrumentedLogRepository(StoragePool pool, StorageMetrics metrics) {
        this.repository = new LogRepository(pool, metrics);
    }

    public Page<LogRecord> search(LogQuery query) {
        return repository.search(query);
    }
}
