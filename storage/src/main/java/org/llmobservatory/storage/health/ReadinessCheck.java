package org.llmobservatory.storage.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.llmobservatory.storage.Storage;

/**
 * Decides whether the service should receive traffic ({@code /health/ready}): PostgreSQL answers
 * {@code SELECT 1}, every migration is applied, and the service is not draining. The database checks
 * run concurrently, each on its own virtual thread under its own deadline, so a hung database fails the
 * probe instead of hanging it.
 */
public final class ReadinessCheck {

    /** How long each database check may take before the probe reports it down. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final DatabaseProbe.ConnectionSource database;
    private final BooleanSupplier migrationsCurrent;
    private final BooleanSupplier draining;
    private final Duration timeout;

    /**
     * Checks a database reached through {@code database} and whether its schema is current; {@code draining} tells
     * when shutdown has begun. {@code Storage.readinessCheck} builds it.
     */
    public ReadinessCheck(DatabaseProbe.ConnectionSource database, BooleanSupplier migrationsCurrent,
            BooleanSupplier draining, Duration timeout) {
        this.database = database;
        this.migrationsCurrent = migrationsCurrent;
        this.draining = draining;
        this.timeout = timeout;
    }

    /** Runs every check; returns within about the timeout whatever the database does. */
    public Readiness check() {
        Map<String, Callable<Readiness.Check>> checks = new LinkedHashMap<>();
        checks.put("postgres", () -> Readiness.Check.up("SELECT 1 answered",
                DatabaseProbe.selectOne(database, timeout)));
        checks.put("migrations", this::migrations);
        Map<String, Readiness.Check> results = new LinkedHashMap<>(
                ConcurrentChecks.run(checks, timeout, Readiness.Check::down));
        results.put("draining", draining.getAsBoolean()
                ? Readiness.Check.down("the service is shutting down", 0)
                : Readiness.Check.up("accepting traffic", 0));
        return new Readiness(results);
    }

    private Readiness.Check migrations() {
        long started = System.nanoTime();
        return migrationsCurrent.getAsBoolean()
                ? Readiness.Check.up("every migration applied", ConcurrentChecks.millisSince(started))
                : Readiness.Check.down("migrations pending", ConcurrentChecks.millisSince(started));
    }
}
