package org.llmobservatory.storage.rollup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.llmobservatory.storage.config.Retention;
import org.llmobservatory.storage.schema.PartitionManager;
import org.llmobservatory.storage.schema.TelemetryTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the usage rollups: every few seconds folds the deltas of committed batches into them, works through the
 * ranges waiting to be rebuilt (the spans stored before rollups existed, after an upgrade) a day at a time, and
 * once an hour drops rollups older than their retention: hourly ones after {@link Retention#rollups()}, which is
 * longer than the spans', five-minute ones with the spans.
 */
public final class RollupMaintenance implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RollupMaintenance.class);
    private static final Duration REBUILD_STEP = Duration.ofDays(1);
    /** How long one round goes on rebuilding waiting days before it lets the next fold run. */
    private static final Duration REBUILD_BUDGET = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final RollupCompactor compactor;
    private final Retention retention;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final RollupObserver observer;
    private final RollupBacklog backlog;
    private Instant lastRetention = Instant.EPOCH;

    /**
     * @param retention how long hourly rollups are kept ({@link Retention#rollups()}) and five-minute ones (as long
     *     as the spans they stand in for at the edges of a window, {@link Retention#spans()})
     */
    public RollupMaintenance(DataSource dataSource, Retention retention, Clock clock) {
        this(dataSource, retention, clock, RollupObserver.NONE);
    }

    /** Maintenance that tells {@code observer} what it does, and hands it the {@link RollupBacklog} to read. */
    public RollupMaintenance(DataSource dataSource, Retention retention, Clock clock, RollupObserver observer) {
        this.dataSource = dataSource;
        this.compactor = new RollupCompactor(dataSource);
        this.retention = retention;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rollup-maintenance");
            t.setDaemon(true);
            return t;
        });
        this.observer = observer;
        this.backlog = new RollupBacklog(dataSource, clock);
        observer.maintenanceOpened(backlog);
    }

    /** Runs every {@code period} in the background, the first time at once. */
    public RollupMaintenance start(Duration period) {
        scheduler.scheduleWithFixedDelay(this::runQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * One round: fold every delta there is now, days of a waiting rebuild for up to 5 s, and retention when due. A failure ends
     * the round and is reported to the observer with the stage it happened in.
     */
    public void runOnce() throws SQLException {
        RollupStage stage = RollupStage.FOLD;
        long stageStarted = System.nanoTime();
        try {
            RollupCompactor.Round round;
            do {
                round = fold();
            } while (!round.complete() && !round.locked());
            stage = RollupStage.REBUILD;
            stageStarted = System.nanoTime();
            // Days of a waiting rebuild, until the round has spent its budget: usage of hours still waiting is
            // read from the spans, slowly, so an upgrade should not leave them waiting longer than it must.
            long budgetEnd = System.nanoTime() + REBUILD_BUDGET.toNanos();
            while (rebuildWaitingStep() && System.nanoTime() < budgetEnd) {
                // One more day.
            }
            stage = RollupStage.RETENTION;
            stageStarted = System.nanoTime();
            Instant now = clock.instant();
            if (Duration.between(lastRetention, now).compareTo(Duration.ofHours(1)) >= 0) {
                dropExpired(now);
                lastRetention = now;
            }
        } catch (SQLException | RuntimeException e) {
            observer.maintenanceFailed(stage);
            log.warn("rollup maintenance failed in its {} stage after {} ms, retrying in the next round: {}",
                    stage.label(), (System.nanoTime() - stageStarted) / 1_000_000, e.getMessage());
            throw e;
        }
    }

    /**
     * One round of folds (every project with deltas waiting), timed and reported unless another fold or rebuild held
     * the lock before it folded anything. A complete round took every delta committed before it started: the rollups
     * caught up then.
     */
    private RollupCompactor.Round fold() throws SQLException {
        Instant started = clock.instant();
        long start = System.nanoTime();
        RollupCompactor.Round round = compactor.foldRound();
        if (!round.locked() || round.folded() > 0) {
            observer.deltasFolded(round.folded(), System.nanoTime() - start);
        }
        if (round.complete()) {
            backlog.caughtUp(started);
        }
        return round;
    }

    /**
     * Folds every delta committed so far, waiting for the lock when another fold or rebuild holds it; returns the
     * deltas folded. For callers that must read settled rollups, such as a benchmark after a load.
     */
    public long foldAll() throws SQLException {
        long total = 0;
        while (true) {
            RollupCompactor.Round round = fold();
            total += round.folded();
            if (round.complete()) {
                return total;
            }
            if (round.locked()) {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
            }
        }
    }

    /**
     * The start of the oldest day whose spans are still kept (its partition exists); empty when no span partition
     * exists. Rollups before it sum spans that retention has dropped, so no rebuild touches them.
     */
    public Optional<Instant> spansKeptSince() throws SQLException {
        return new PartitionManager(dataSource).oldestDay(TelemetryTable.SPANS)
                .map(day -> day.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /**
     * Rebuilds the rollups of every project over [from, to), rounded out to whole hours, a day at a time and within a
     * day project by project (each project's day in a transaction of its own), telling {@code progress} the spans
     * counted after each day; returns the spans counted in all. The hours before {@link #spansKeptSince()} are left
     * as they are: rebuilding them from spans that are gone would erase them.
     */
    public long rebuild(Instant from, Instant to, LongConsumer progress) throws SQLException {
        Optional<Instant> kept = spansKeptSince();
        if (kept.isEmpty()) {
            return 0;
        }
        Instant start = max(from, kept.get()).truncatedTo(ChronoUnit.HOURS);
        Instant end = to.truncatedTo(ChronoUnit.HOURS).equals(to) ? to : to.truncatedTo(ChronoUnit.HOURS).plus(
                Duration.ofHours(1));
        long spans = 0;
        for (Instant day = start; day.isBefore(end); day = min(day.plus(REBUILD_STEP), end)) {
            Instant dayEnd = min(day.plus(REBUILD_STEP), end);
            List<String> projects;
            try (Connection c = dataSource.getConnection()) {
                projects = RollupRebuild.projects(c, day, dayEnd);
            }
            for (String project : projects) {
                spans += rebuildStep(project, day, dayEnd, null);
            }
            progress.accept(spans);
        }
        return spans;
    }

    /**
     * Rebuilds every range waiting for a rebuild, now, a day of one project at a time; returns the days rebuilt (a day
     * waiting for two projects counts twice).
     */
    public int rebuildWaiting() throws SQLException {
        int days = 0;
        while (rebuildWaitingStep()) {
            days++;
        }
        return days;
    }

    /**
     * Rebuilds the first day of the range requested first (of whichever project), and shortens or removes that range;
     * false when nothing was waiting.
     */
    private boolean rebuildWaitingStep() throws SQLException {
        String project;
        UUID id;
        Instant from;
        Instant to;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT project_id, rebuild_id, from_time, to_time FROM usage_rollup_rebuilds"
                        + " ORDER BY requested, project_id, from_time, rebuild_id LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return false;
            }
            project = rs.getString(1);
            id = rs.getObject(2, UUID.class);
            from = rs.getObject(3, OffsetDateTime.class).toInstant();
            to = rs.getObject(4, OffsetDateTime.class).toInstant();
        }
        Instant stepEnd = min(from.plus(REBUILD_STEP), to);
        long spans = rebuildStep(project, from, stepEnd, new Waiting(id, stepEnd, to));
        log.info("rollups of project {} rebuilt for {} to {} from {} LLM spans{}", project, from, stepEnd, spans,
                stepEnd.equals(to) ? "" : "; rebuilding until " + to);
        return true;
    }

    /**
     * The waiting range a step works on (of the project rebuilt): after the step it starts at {@code next}, or is
     * done at {@code end}.
     */
    private record Waiting(UUID id, Instant next, Instant end) {
    }

    /**
     * One rebuild transaction, tried again when it lost a race: its snapshot is taken as it asks for the lock, so a
     * fold (of another instance, or of the service while a command rebuilds) that commits while it waits leaves it
     * rows it cannot see; PostgreSQL then refuses its delete (40001) or its insert (23505), and the next try, with a
     * snapshot taken after that fold, succeeds.
     */
    private long rebuildStep(String project, Instant from, Instant to, Waiting waiting) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return rebuildStepOnce(project, from, to, waiting);
            } catch (SQLException e) {
                boolean lostRace = "40001".equals(e.getSQLState()) || "23505".equals(e.getSQLState());
                if (!lostRace || attempt == 5) {
                    throw e;
                }
                log.info("rollup rebuild of project {} for {} to {} met a concurrent fold ({}); trying again",
                        project, from, to, e.getSQLState());
            }
        }
    }

    private long rebuildStepOnce(String project, Instant from, Instant to, Waiting waiting) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            try {
                RollupLock.take(c);
                long spans = RollupRebuild.rebuild(c, project, from, to);
                if (waiting != null) {
                    boolean done = waiting.next().equals(waiting.end());
                    String sql = done ? "DELETE FROM usage_rollup_rebuilds WHERE project_id = ? AND rebuild_id = ?"
                            : "UPDATE usage_rollup_rebuilds SET from_time = ? WHERE project_id = ? AND rebuild_id = ?";
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        int i = 1;
                        if (!done) {
                            ps.setObject(i++, utc(waiting.next()));
                        }
                        ps.setString(i++, project);
                        ps.setObject(i, waiting.id());
                        ps.executeUpdate();
                    }
                }
                c.commit();
                return spans;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Deletes, now, the rollups past retention: five-minute ones older than the spans kept, hourly ones older than
     * the rollup retention. Returns the rows deleted.
     */
    public int dropExpired() throws SQLException {
        return dropExpired(clock.instant());
    }

    private int dropExpired(Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM usage_rollups WHERE period_start < CASE WHEN grain = ? THEN ? ELSE ? END")) {
            ps.setShort(1, RollupGrain.FIVE_MINUTES.code());
            ps.setObject(2, utc(now.minus(retention.spans())));
            ps.setObject(3, utc(now.minus(retention.rollups())));
            int dropped = ps.executeUpdate();
            observer.rowsDropped(dropped);
            if (dropped > 0) {
                log.info("dropped {} usage rollup rows: five-minute ones older than {}, hourly ones older than {}",
                        dropped, retention.spans(), retention.rollups());
            }
            return dropped;
        }
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (SQLException | RuntimeException e) {
            // Logged by runOnce, with its stage; the next round tries again.
            log.debug("rollup maintenance round failed", e);
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        observer.maintenanceClosed(backlog);
    }
}
