package org.llmobservatory.storage.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.llmobservatory.storage.rollup.RollupBacklog;
import org.llmobservatory.storage.rollup.RollupObserver;
import org.llmobservatory.storage.rollup.RollupStage;

/**
 * The usage rollups' families: how far they are behind (lag, deltas waiting, span time waiting for a rebuild, read
 * from the open maintenance's {@link RollupBacklog} at each scrape), the folds and their duration, the rows
 * retention dropped, and failed maintenance rounds by stage. Counters start at zero for every stage.
 */
final class RollupMeters implements RollupObserver {

    private final Set<RollupBacklog> backlogs = new CopyOnWriteArraySet<>();
    private final Counter folded;
    private final Timer foldDuration;
    private final Counter dropped;
    private final Map<RollupStage, Counter> failures = new EnumMap<>(RollupStage.class);

    RollupMeters(MeterRegistry registry) {
        gauge(registry, "storage.rollup.lag", "seconds", RollupBacklog::lagSeconds,
                "Seconds since the usage rollups last held every delta committed before then (0 while none waits):"
                        + " no delta waiting to be folded is older");
        gauge(registry, "storage.rollup.deltas.pending", null, RollupBacklog::pendingDeltas,
                "Usage deltas of committed batches not yet folded into the rollups (counted up to "
                        + RollupBacklog.COUNT_LIMIT + ")");
        gauge(registry, "storage.rollup.rebuild.pending", "seconds", RollupBacklog::rebuildPendingSeconds,
                "Span time whose usage rollups wait for a rebuild, in seconds (whole hours)");
        folded = Counter.builder("storage.rollup.deltas.folded")
                .description("Usage deltas folded into the rollups")
                .register(registry);
        foldDuration = Timer.builder("storage.rollup.fold.duration")
                .description("Time to fold one transaction's deltas into the usage rollups, empty folds included")
                .serviceLevelObjectives(Buckets.FOLD)
                .register(registry);
        dropped = Counter.builder("storage.rollup.rows.dropped")
                .description("Usage rollup rows deleted by retention")
                .register(registry);
        for (RollupStage stage : RollupStage.values()) {
            failures.put(stage, Counter.builder("storage.rollup.failures")
                    .description("Usage rollup maintenance rounds that failed, by the stage that failed")
                    .tag("stage", stage.label())
                    .register(registry));
        }
    }

    @Override
    public void maintenanceOpened(RollupBacklog backlog) {
        backlogs.add(backlog);
    }

    @Override
    public void maintenanceClosed(RollupBacklog backlog) {
        backlogs.remove(backlog);
    }

    @Override
    public void deltasFolded(int deltas, long nanos) {
        foldDuration.record(nanos, TimeUnit.NANOSECONDS);
        folded.increment(deltas);
    }

    @Override
    public void rowsDropped(int rows) {
        dropped.increment(rows);
    }

    @Override
    public void maintenanceFailed(RollupStage stage) {
        failures.get(stage).increment();
    }

    private void gauge(MeterRegistry registry, String name, String unit, ToDoubleFunction<RollupBacklog> value,
            String description) {
        // Held strongly: the registry must keep reporting even when nobody else holds this object.
        Gauge.builder(name, backlogs, open -> largest(open, value))
                .strongReference(true)
                .baseUnit(unit)
                .description(description)
                .register(registry);
    }

    /** The largest value of the open backlogs (they read the same database); NaN when none is open or readable. */
    private static double largest(Set<RollupBacklog> open, ToDoubleFunction<RollupBacklog> value) {
        double largest = Double.NaN;
        for (RollupBacklog backlog : open) {
            double v = value.applyAsDouble(backlog);
            if (!Double.isNaN(v) && (Double.isNaN(largest) || v > largest)) {
                largest = v;
            }
        }
        return largest;
    }
}
