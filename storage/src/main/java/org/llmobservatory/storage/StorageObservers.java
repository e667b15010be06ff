package org.llmobservatory.storage;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import org.llmobservatory.storage.query.QueryObserver;
import org.llmobservatory.storage.replica.ReadObserver;
import org.llmobservatory.storage.rollup.RollupObserver;
import org.llmobservatory.storage.writer.WriteObserver;

/**
 * The instrumentation hooks storage is opened with: HikariCP's tracker factory for the pool and
 * Lettuce's command latency recorder for Redis (each null for none), and observers for writers,
 * repositories, the usage rollups' maintenance and where reads go (primary or read replica).
 */
public record StorageObservers(MetricsTrackerFactory pool, CommandLatencyRecorder redisLatency, WriteObserver writes,
        QueryObserver queries, RollupObserver rollups, ReadObserver reads) {

    public static final StorageObservers NONE = new StorageObservers(null, null, WriteObserver.NONE,
            QueryObserver.NONE, RollupObserver.NONE, ReadObserver.NONE);
}
