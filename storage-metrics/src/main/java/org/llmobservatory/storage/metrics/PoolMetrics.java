package org.llmobservatory.storage.metrics;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * HikariCP instrumentation: HikariCP's own Micrometer tracker (the {@code hikaricp_*} meters) plus our
 * acquire-time histogram and {@code storage_pool_connections}, read from HikariCP's live statistics.
 */
final class PoolMetrics implements MetricsTrackerFactory {

    private final MeterRegistry registry;
    private final Timer acquire;

    PoolMetrics(MeterRegistry registry, Timer acquire) {
        this.registry = registry;
        this.acquire = acquire;
    }

    @Override
    public IMetricsTracker create(String poolName, PoolStats stats) {
        IMetricsTracker hikari = new MicrometerMetricsTrackerFactory(registry).create(poolName, stats);
        gauge(stats, "active", PoolStats::getActiveConnections);
        gauge(stats, "idle", PoolStats::getIdleConnections);
        gauge(stats, "pending", PoolStats::getPendingThreads);
        gauge(stats, "max", PoolStats::getMaxConnections);
        return new IMetricsTracker() {
            @Override
            public void recordConnectionAcquiredNanos(long nanos) {
                acquire.record(nanos, TimeUnit.NANOSECONDS);
                hikari.recordConnectionAcquiredNanos(nanos);
            }

            @Override
            public void recordConnectionCreatedMillis(long millis) {
                hikari.recordConnectionCreatedMillis(millis);
            }

            @Override
            public void recordConnectionUsageMillis(long millis) {
                hikari.recordConnectionUsageMillis(millis);
            }

            @Override
            public void recordConnectionTimeout() {
                hikari.recordConnectionTimeout();
            }

            @Override
            public void close() {
                hikari.close();
            }
        };
    }

    private void gauge(PoolStats stats, String state, ToIntFunction<PoolStats> value) {
        Gauge.builder("storage.pool.connections", stats, s -> value.applyAsInt(s))
                .description("PostgreSQL pool connections by state (active, idle, pending requests, max)")
                .tag("state", state)
                .register(registry);
    }
}
