package org.llmobservatory.storage.rollup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the usage rollups are behind, read when asked (by a metrics scrape): the deltas waiting to be folded,
 * counted up to {@link #COUNT_LIMIT}; the span time waiting for a rebuild; and the lag, an upper bound of the age of
 * the oldest delta waiting.
 *
 * <p>Deltas carry no time of their own, so the lag counts from the last moment the rollups were seen caught up: the
 * start of a fold that took every delta it could see, or of a reading that found none. Every delta committed before
 * that moment is in the rollups, so none still waiting is older than the lag. The lag is 0 while the latest reading
 * (at most 10 s old) finds no delta waiting; until the first fold it counts from the start of the maintenance.
 *
 * <p>A reading is one cheap statement, taken at most every 2 s, on a thread of its own: a caller waits for it at
 * most 1 s and otherwise gets the previous reading, so a slow or unreachable database never holds up a scrape. What
 * the database did not answer in the last 10 s is NaN, and the lag keeps growing then.
 */
public final class RollupBacklog {

    /** Deltas counted at most, so that a reading stays cheap however far the folds have fallen behind. */
    public static final int COUNT_LIMIT = 100_000;

    private static final Logger log = LoggerFactory.getLogger(RollupBacklog.class);
    private static final long FRESH_NANOS = Duration.ofSeconds(2).toNanos();
    private static final long STALE_NANOS = Duration.ofSeconds(10).toNanos();
    private static final long WAIT_MILLIS = 1_000;
    private static final String READ = """
            SELECT (SELECT count(*) FROM (SELECT 1 FROM usage_rollup_deltas LIMIT ?) waiting) AS deltas,
                   (SELECT coalesce(sum(extract(epoch FROM upper(r) - lower(r))), 0)
                      FROM unnest((SELECT range_agg(tstzrange(from_time, to_time)) FROM usage_rollup_rebuilds)) AS r)
                       AS rebuild_seconds""";

    /** One reading; {@code readAt} is {@link System#nanoTime()}; NaN for what could not be read. */
    private record Reading(long readAt, double deltas, double rebuildSeconds) {
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final Executor reader = task -> Thread.ofVirtual().name("rollup-backlog").start(task);
    private final AtomicReference<Instant> caughtUp;
    private volatile Reading last;
    private CompletableFuture<Reading> reading;

    RollupBacklog(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.caughtUp = new AtomicReference<>(clock.instant());
    }

    /** Deltas waiting to be folded, at most {@link #COUNT_LIMIT}; NaN when the database has not answered lately. */
    public double pendingDeltas() {
        Reading r = current();
        return r == null ? Double.NaN : r.deltas();
    }

    /**
     * Seconds of span time (whole hours) waiting for a rebuild, of any project (an hour waiting for two projects counts
     * once); NaN when the database has not answered lately.
     */
    public double rebuildPendingSeconds() {
        Reading r = current();
        return r == null ? Double.NaN : r.rebuildSeconds();
    }

    /** Seconds since the rollups were last seen caught up; 0 while no delta is waiting. */
    public double lagSeconds() {
        Reading r = current();
        if (r != null && r.deltas() == 0) {
            return 0;
        }
        return Math.max(0, Duration.between(caughtUp.get(), clock.instant()).toNanos() / 1e9);
    }

    /** Every delta committed before {@code at} is in the rollups. */
    void caughtUp(Instant at) {
        caughtUp.accumulateAndGet(at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /**
     * The latest reading, or null when there is none younger than 10 s. One older than 2 s starts a new one, which
     * this caller waits for up to 1 s; a caller that finds a reading already under way does not wait for it, so a
     * scrape of several gauges waits once at most.
     */
    private Reading current() {
        Reading r = last;
        if (r != null && System.nanoTime() - r.readAt() < FRESH_NANOS) {
            return r;
        }
        CompletableFuture<Reading> next = null;
        synchronized (this) {
            if (reading == null || reading.isDone()) {
                reading = CompletableFuture.supplyAsync(this::read, reader);
                next = reading;
            }
        }
        if (next != null) {
            try {
                next.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // The previous reading stands, while it is recent enough.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        r = last;
        return r != null && System.nanoTime() - r.readAt() < STALE_NANOS ? r : null;
    }

    private Reading read() {
        Instant at = clock.instant();
        Reading r;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(READ)) {
            ps.setInt(1, COUNT_LIMIT);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                r = new Reading(System.nanoTime(), rs.getLong("deltas"), rs.getDouble("rebuild_seconds"));
            }
            if (r.deltas() == 0) {
                caughtUp(at);
            }
        } catch (SQLException | RuntimeException e) {
            log.debug("could not read the usage rollups' backlog: {}", e.getMessage());
            r = new Reading(System.nanoTime(), Double.NaN, Double.NaN);
        }
        last = r;
        return r;
    }
}
