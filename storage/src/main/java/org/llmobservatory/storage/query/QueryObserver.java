package org.llmobservatory.storage.query;

import org.llmobservatory.storage.error.ErrorType;

/**
 * Hears about every repository query. All methods default to doing nothing, and {@link #NONE} is used
 * when nobody listens, so repositories never check for a missing observer. {@code method} is one of
 * a fixed set of repository method names, never input.
 */
public interface QueryObserver {

    QueryObserver NONE = new QueryObserver() {
    };

    default void queryCompleted(RepositoryKind repository, String method, long nanos, int resultCount) {
    }

    default void queryFailed(RepositoryKind repository, String method, ErrorType error, long nanos) {
    }
}
