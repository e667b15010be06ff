package org.llmobservatory.storage;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import org.llmobservatory.storage.repository.QueryObserver;
import org.llmobservatory.storage.writer.WriteObserver;

/**
 * The instrumentation hooks storage is opened with: HikariCP's tracker factory for the pool (null for
 * none), and observers for writers and repositories.
 */
public record StorageObservers(MetricsTrackerFactory pool, WriteObserver writes, QueryObserver queries) {

    public static final StorageObservers NONE = new StorageObservers(null, WriteObserver.NONE, QueryObserver.NONE);
}
