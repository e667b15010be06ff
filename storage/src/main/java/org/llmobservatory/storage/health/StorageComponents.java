package org.llmobservatory.storage.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.cache.RedisConnection;
import org.llmobservatory.storage.pool.PoolStats;
import org.llmobservatory.storage.replica.FallbackReason;
import org.llmobservatory.storage.replica.ReadRouting;
import org.llmobservatory.storage.replica.ReadTarget;
import org.llmobservatory.storage.replica.ReplicaStatus;

/** The checks behind each {@code /health} component of one {@link Storage}. */
final class StorageComponents {

    private StorageComponents() {
    }

    static Map<String, Callable<ComponentHealth>> of(Storage storage, DatabaseProbe.ConnectionSource database,
            String databaseUrl, Supplier<PoolStats> poolStats, Duration timeout) {
        Map<String, Callable<ComponentHealth>> checks = new LinkedHashMap<>();
        checks.put("postgres", () -> ComponentHealth.up(Details.of(
                "latencyMs", DatabaseProbe.selectOne(database, timeout),
                "database", databaseUrl)));
        checks.put("redis", () -> redis(storage));
        checks.put("replica", () -> replica(storage.reads()));
        checks.put("pool", () -> pool(poolStats.get()));
        int capacity = storage.config().writer().bufferCapacity();
        checks.put("writers", () -> writers(storage, capacity));
        return checks;
    }

    /**
     * Down while the database is known to refuse writes (a writer is retrying a batch because it cannot be reached or
     * is out of resources), naming why: {@code SELECT 1} may still answer then. Otherwise up, a full buffer included.
     */
    private static ComponentHealth writers(Storage storage, int capacity) {
        Map<String, Object> details = new LinkedHashMap<>(Details.of(
                "trace", buffer(storage.traces()::buffered, capacity),
                "log", buffer(storage.logs()::buffered, capacity),
                "metric", buffer(storage.metrics()::buffered, capacity)));
        var outage = storage.writeAvailability().outage();
        if (outage.isEmpty()) {
            return ComponentHealth.up(details);
        }
        details.put("error", outage.get().reason());
        details.put("errorType", outage.get().type().label());
        return ComponentHealth.down(details);
    }

    /**
     * Disabled without a read replica; up while reads go to it; down (reads on the primary, overall degraded) while it
     * cannot be reached or lags past the limit, naming which.
     */
    private static ComponentHealth replica(ReadRouting reads) {
        if (reads.replica().isEmpty()) {
            return ComponentHealth.disabled(Details.of("reason",
                    "no read replica configured (OBSERVATORY_DATABASE_READ_URL); queries read from the primary"));
        }
        ReplicaStatus status = reads.replica().get();
        Map<String, Object> details = new LinkedHashMap<>(Details.of(
                "readsFrom", status.readsFrom().label(),
                "lagSeconds", round(status.lagSeconds()),
                "maxLagSeconds", reads.maxLag().orElseThrow().toMillis() / 1000.0,
                "standby", status.standby(),
                "database", reads.replicaUrl().orElseThrow()));
        if (status.readsFrom() == ReadTarget.REPLICA) {
            return ComponentHealth.up(details);
        }
        FallbackReason reason = status.fallback().orElseThrow();
        details.put("fallback", reason.label());
        details.put("error", reason == FallbackReason.LAGGING
                ? "replica lags past the limit; reads go to the primary"
                : status.error().orElse("unreachable") + "; reads go to the primary");
        return ComponentHealth.down(details);
    }

    private static ComponentHealth redis(Storage storage) {
        if (storage.redis().isEmpty()) {
            return ComponentHealth.disabled(Details.of("reason", "no Redis configured; queries go to PostgreSQL"));
        }
        RedisConnection redis = storage.redis().get();
        return ComponentHealth.up(Details.of("latencyMs", redis.ping().toMillis(), "url", redis.url()));
    }

    /**
     * Always up: a busy pool makes requests wait, it does not make the service fail. {@code nearCapacity}
     * (85% of connections in use) is the early warning.
     */
    private static ComponentHealth pool(PoolStats stats) {
        return ComponentHealth.up(Details.of(
                "total", stats.active() + stats.idle(),
                "active", stats.active(),
                "idle", stats.idle(),
                "pending", stats.pending(),
                "max", stats.max(),
                "utilisation", round(stats.utilisation()),
                "nearCapacity", stats.nearCapacity()));
    }

    /** A full buffer refuses new writes (back-pressure) but is not a failure, so writers stay up. */
    private static Map<String, Object> buffer(IntSupplier buffered, int capacity) {
        int items = buffered.getAsInt();
        return Details.of("buffered", items, "capacity", capacity, "fill", round((double) items / capacity));
    }

    private static double round(double ratio) {
        return Math.round(ratio * 10_000) / 10_000.0;
    }
}
