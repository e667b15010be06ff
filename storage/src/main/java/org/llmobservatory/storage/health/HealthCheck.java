package org.llmobservatory.storage.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.pool.PoolStats;

/**
 * The detailed health of storage ({@code /health}): {@code postgres} (a timed {@code SELECT 1}),
 * {@code redis} (a timed PING; {@code DISABLED} when no Redis is configured), {@code pool} (connections
 * by state) and {@code writers} (items buffered against capacity). The components are checked
 * concurrently, each under its own deadline; see {@link Health} for how they make the overall status.
 */
public final class HealthCheck {

    private final Map<String, Callable<ComponentHealth>> components;
    private final Duration timeout;

    /**
     * Checks {@code storage}, reaching its database through {@code database} (at {@code databaseUrl}, its pool
     * counted by {@code poolStats}), giving each component at most {@code timeout}. {@code Storage.healthCheck} builds
     * it.
     */
    public HealthCheck(Storage storage, DatabaseProbe.ConnectionSource database, String databaseUrl,
            Supplier<PoolStats> poolStats, Duration timeout) {
        this(StorageComponents.of(storage, database, databaseUrl, poolStats, timeout), timeout);
    }

    HealthCheck(Map<String, Callable<ComponentHealth>> components, Duration timeout) {
        this.components = new LinkedHashMap<>(components);
        this.timeout = timeout;
    }

    /** Runs every component check; returns within about the timeout whatever the databases do. */
    public Health check() {
        return Health.of(ConcurrentChecks.run(components, timeout, (reason, latencyMs) -> ComponentHealth.down(
                Details.of("error", reason, "latencyMs", latencyMs))));
    }
}
