package org.llmobservatory.storage.schema;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.llmobservatory.storage.config.Retention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The periodic task that creates partitions ahead and drops those past retention. */
public final class PartitionMaintenance implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PartitionMaintenance.class);

    private final PartitionManager partitions;
    private final Retention retention;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    public PartitionMaintenance(PartitionManager partitions, Retention retention, Clock clock) {
        this.partitions = partitions;
        this.retention = retention;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "partition-maintenance");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs once now (failing loudly), then every {@code periodMinutes} in the background. */
    public void start(long periodMinutes) {
        runOnce();
        scheduler.scheduleWithFixedDelay(this::runQuietly, periodMinutes, periodMinutes, TimeUnit.MINUTES);
    }

    /** Creates the days ahead and drops expired days for every table. */
    public void runOnce() {
        try {
            partitions.ensureAhead(clock.instant(), retention.daysAhead());
            dropExpired();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("partition maintenance failed: " + e.getMessage(), e);
        }
    }

    /** Drops, now, the daily partitions of every table past its retention; returns their names, oldest first. */
    public java.util.List<String> dropExpired() throws java.sql.SQLException {
        java.util.List<String> dropped = new java.util.ArrayList<>();
        dropped.addAll(partitions.dropExpired(TelemetryTable.SPANS, retention.spans(), clock.instant()));
        dropped.addAll(partitions.dropExpired(TelemetryTable.LOGS, retention.logs(), clock.instant()));
        dropped.addAll(partitions.dropExpired(TelemetryTable.METRIC_POINTS, retention.metrics(), clock.instant()));
        return dropped;
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("partition maintenance failed; will try again at the next run", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
