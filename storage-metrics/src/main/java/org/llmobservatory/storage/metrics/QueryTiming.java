package org.llmobservatory.storage.metrics;

import org.llmobservatory.storage.error.ErrorType;
import org.llmobservatory.storage.query.RepositoryKind;

/**
 * Times one query: {@code try (var t = metrics.startQuery(TRACE, "get_trace")) { ...; t.results(n); }}.
 * Closing records the duration and result count, or an error when {@link #results} was never called.
 */
public final class QueryTiming implements AutoCloseable {

    private final StorageMetrics metrics;
    private final RepositoryKind repository;
    private final String method;
    private final long started;
    private int results = -1;
    private ErrorType error = ErrorType.OTHER;

    QueryTiming(StorageMetrics metrics, RepositoryKind repository, String method, long started) {
        this.metrics = metrics;
        this.repository = repository;
        this.method = method;
        this.started = started;
    }

    /** The query returned {@code count} rows. */
    public void results(int count) {
        this.results = count;
    }

    /** The query failed in this way. */
    public void failed(ErrorType type) {
        this.error = type;
        this.results = -1;
    }

    @Override
    public void close() {
        long nanos = System.nanoTime() - started;
        if (results >= 0) {
            metrics.queryCompleted(repository, method, nanos, results);
        } else {
            metrics.queryFailed(repository, method, error, nanos);
        }
    }
}
