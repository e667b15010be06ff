package org.llmobservatory.server.management;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.llmobservatory.storage.Storage;

/**
 * Decides whether the service should receive traffic: PostgreSQL answers {@code SELECT 1}, every
 * migration is applied, and the service is not draining. The database checks run concurrently on
 * their own virtual threads under one deadline, so a hung database fails the probe instead of hanging it.
 */
public final class ReadinessCheck {

    /** How long the database checks may take together before the probe reports them down. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** Opens a database connection; the caller closes it. */
    @FunctionalInterface
    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private final ConnectionSource database;
    private final BooleanSupplier migrationsCurrent;
    private final BooleanSupplier draining;
    private final Duration timeout;

    /** Checks {@code storage}'s database and schema; {@code draining} tells when shutdown has begun. */
    public ReadinessCheck(Storage storage, BooleanSupplier draining) {
        this(storage.pool()::connection, storage.migrations()::current, draining, TIMEOUT);
    }

    ReadinessCheck(ConnectionSource database, BooleanSupplier migrationsCurrent, BooleanSupplier draining,
            Duration timeout) {
        this.database = database;
        this.migrationsCurrent = migrationsCurrent;
        this.draining = draining;
        this.timeout = timeout;
    }

    /** Runs every check; returns within about {@link #TIMEOUT} whatever the database does. */
    public Readiness check() {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        FutureTask<Readiness.Check> postgres = startTask("readiness-postgres", this::selectOne);
        FutureTask<Readiness.Check> migrations = startTask("readiness-migrations", this::migrations);
        Map<String, Readiness.Check> checks = new LinkedHashMap<>();
        checks.put("postgres", await(postgres, started, deadline));
        checks.put("migrations", await(migrations, started, deadline));
        checks.put("draining", draining.getAsBoolean()
                ? Readiness.Check.down("the service is shutting down", 0)
                : Readiness.Check.up("accepting traffic", 0));
        return new Readiness(checks);
    }

    private Readiness.Check selectOne() throws SQLException {
        long started = System.nanoTime();
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            try (ResultSet rs = st.executeQuery("SELECT 1")) {
                rs.next();
            }
        }
        return Readiness.Check.up("SELECT 1 answered", millisSince(started));
    }

    private Readiness.Check migrations() {
        long started = System.nanoTime();
        return migrationsCurrent.getAsBoolean()
                ? Readiness.Check.up("every migration applied", millisSince(started))
                : Readiness.Check.down("migrations pending", millisSince(started));
    }

    private static FutureTask<Readiness.Check> startTask(String name, Callable<Readiness.Check> check) {
        FutureTask<Readiness.Check> task = new FutureTask<>(check);
        Thread.ofVirtual().name(name).start(task);
        return task;
    }

    private Readiness.Check await(FutureTask<Readiness.Check> task, long started, long deadline) {
        try {
            return task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Interrupting a virtual thread blocked on a socket closes that socket, so the stuck
            // connection is released rather than left waiting on the database.
            task.cancel(true);
            return Readiness.Check.down("no answer within " + timeout.toMillis() + " ms", millisSince(started));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Readiness.Check.down(cause.getClass().getSimpleName() + ": " + cause.getMessage(),
                    millisSince(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.cancel(true);
            return Readiness.Check.down("interrupted", millisSince(started));
        }
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
