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
import org.llmobservatory.storage.pool.PoolServer;

/**
 * HikariCP instrumentation of every pool of the storage (the primary's, and the read replica's when there is one):
 * HikariCP's own Micrometer tracker (the {@code hikaricp_*} meters) plus our acquire-time histogram and
 * {@code storage_pool_connections}, read from HikariCP's live statistics, each labelled with the pool's
 * {@link PoolServer}.
 */
final class PoolMetrics implements MetricsTrackerFactory {

    private final MeterRegistry registry;

    PoolMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@code storage_connection_acquire_duration_seconds} of {@code server}'s pool (registered on first use). */
    static Timer acquireTimer(MeterRegistry registry, PoolServer server) {
        return Timer.builder("storage.connection.acquire.duration")
                .description("Time to take a connection from a PostgreSQL pool")
                .serviceLevelObjectives(Buckets.ACQUIRE)
                .tag("server", server.label())
                .register(registry);
    }

    @Override
    public IMetricsTracker create(String poolName, PoolStats stats) {
        IMetricsTracker hikari = new MicrometerMetricsTrackerFactory(registry).create(poolName, stats);
        PoolServer server = PoolServer.ofPoolName(poolName);
        Timer acquire = acquireTimer(registry, server);
        gauge(stats, server, "active", PoolStats::getActiveConnections);
        gauge(stats, server, "idle", PoolStats::getIdleConnections);
        gauge(stats, server, "pending", PoolStats::getPendingThreads);
        gauge(stats, server, "max", PoolStats::getMaxConnections);
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

    private void gauge(PoolStats stats, PoolServer server, String state, ToIntFunction<PoolStats> value) {
        Gauge.builder("storage.pool.connections", stats, s -> value.applyAsInt(s))
                .description("PostgreSQL pool connections by server and state (active, idle, pending requests, max)")
                .tag("server", server.label())
                .tag("state", state)
                .register(registry);
    }
}
