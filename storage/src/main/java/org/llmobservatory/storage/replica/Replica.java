package org.llmobservatory.storage.replica;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.llmobservatory.storage.pool.StoragePool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read replica: its pool and what its last probe found. Reads go to it while it answers and its replay lag is
 * within the limit; otherwise they go to the primary until a probe finds it back and caught up. Every switch is
 * logged and each switch away from it is told to the observer with its reason.
 */
final class Replica implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Replica.class);

    private final StoragePool pool;
    private final Duration maxLag;
    private final Duration probeTimeout;
    private final ReadObserver observer;
    private final Clock clock;
    private final ScheduledExecutorService prober;
    private volatile ReplicaStatus status;
    /** Whether any probe or read has told where reads go: the first switch is logged but is no fallback. */
    private boolean probed;

    Replica(StoragePool pool, Duration maxLag, Duration probeTimeout, ReadObserver observer, Clock clock) {
        this.pool = pool;
        this.maxLag = maxLag;
        this.probeTimeout = probeTimeout;
        this.observer = observer;
        this.clock = clock;
        this.status = ReplicaStatus.unknown(clock.instant());
        this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "read-replica-probe");
            t.setDaemon(true);
            return t;
        });
    }

    /** Probes now, then every {@code period}. */
    Replica start(Duration period) {
        probe();
        observer.replicaWatched(this::status);
        prober.scheduleWithFixedDelay(this::probe, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    ReplicaStatus status() {
        return status;
    }

    boolean inUse() {
        return status.readsFrom() == ReadTarget.REPLICA;
    }

    Connection connection() throws SQLException {
        return pool.connection();
    }

    String jdbcUrl() {
        return pool.jdbcUrl();
    }

    Duration maxLag() {
        return maxLag;
    }

    /** Asks the replica for its lag now and routes reads by the answer. */
    void probe() {
        try (Connection c = pool.connection()) {
            ReplicaProbe.Reading reading = ReplicaProbe.read(c, probeTimeout);
            boolean keepsUp = reading.lag().compareTo(maxLag) <= 0;
            update(new ReplicaStatus(true, reading.lag(), reading.standby(), Optional.empty(), clock.instant(),
                    keepsUp ? ReadTarget.REPLICA : ReadTarget.PRIMARY));
        } catch (SQLException | RuntimeException e) {
            unreachable(e);
        }
    }

    /**
     * The replica could not be reached, by a probe or by a read that lost it: reads go to the primary until a probe
     * finds it back.
     */
    void unreachable(Exception cause) {
        update(new ReplicaStatus(false, Duration.ZERO, false, Optional.of(reason(cause)), clock.instant(),
                ReadTarget.PRIMARY));
    }

    /**
     * Why the replica could not be reached: for a pool that timed out waiting for a connection, the failure of its
     * last attempt to connect (the refused or unreachable server), else the error itself.
     */
    static String reason(Exception cause) {
        Throwable shown = cause instanceof SQLTransientConnectionException && cause.getCause() != null
                ? cause.getCause() : cause;
        return String.valueOf(shown.getMessage());
    }

    private synchronized void update(ReplicaStatus next) {
        ReplicaStatus previous = status;
        status = next;
        boolean first = !probed;
        probed = true;
        if (!first && previous.readsFrom() == next.readsFrom()) {
            return;
        }
        if (next.readsFrom() == ReadTarget.REPLICA) {
            log.info("reads go to the read replica {} (replay lag {} s)", pool.jdbcUrl(), next.lagSeconds());
            return;
        }
        FallbackReason reason = next.fallback().orElseThrow();
        if (reason == FallbackReason.LAGGING) {
            log.warn("reads go to the primary: the read replica {} lags {} s behind it, past the {} s allowed",
                    pool.jdbcUrl(), next.lagSeconds(), maxLag.toMillis() / 1000.0);
        } else {
            log.warn("reads go to the primary: the read replica {} cannot be reached ({})", pool.jdbcUrl(),
                    next.error().orElse("no answer"));
        }
        if (!first) {
            observer.fellBack(reason);
        }
    }

    @Override
    public void close() {
        prober.shutdownNow();
        pool.close();
    }
}
