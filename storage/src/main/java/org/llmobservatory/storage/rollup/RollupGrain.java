package org.llmobservatory.storage.rollup;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How finely a rollup row sums: over which length of time (its period) and keeping which dimensions (the others are
 * summed over and stored as {@code ""}). Every grain is kept for every period, so that a query reads the coarsest rows
 * that still answer it:
 * <ul>
 *   <li>the whole hours of a window from an hourly grain, the coarsest that keeps the dimensions grouped and filtered
 *       by: usage by model over 30 days reads one row per hour and model, not one per hour and every combination of
 *       service, provider, model, operation and status (eight times as many in the benchmark's data);</li>
 *   <li>the whole five minutes at the edges of a window that starts or ends inside an hour from {@link #FIVE_MINUTES}
 *       (kept as long as the spans are), so that only the minutes at its very ends are read from the spans.</li>
 * </ul>
 * {@link #FIVE_MINUTES} is the finest grain: deltas are written at it, and the fold and the rebuild derive the others
 * from it.
 */
public enum RollupGrain {

    /** An hour, every dimension: answers any filter. */
    ALL(0, Duration.ofHours(1), Set.of("service_name", "provider", "model", "operation", "status_code")),
    /** An hour, provider and model: usage by model or provider, filtered by either. */
    MODEL(1, Duration.ofHours(1), Set.of("provider", "model")),
    /** An hour, the service: usage by service, filtered by service. */
    SERVICE(2, Duration.ofHours(1), Set.of("service_name")),
    /** Five minutes, every dimension: the edges of a window; kept as long as the spans. */
    FIVE_MINUTES(3, Duration.ofMinutes(5), Set.of("service_name", "provider", "model", "operation", "status_code"));

    /** The hourly grains a query may read, coarsest first. */
    private static final List<RollupGrain> HOURLY_COARSEST_FIRST = List.of(SERVICE, MODEL, ALL);

    private final short code;
    private final Duration period;
    private final Set<String> columns;

    RollupGrain(int code, Duration period, Set<String> columns) {
        this.code = (short) code;
        this.period = period;
        this.columns = columns;
    }

    /** The value of the {@code grain} column. */
    public short code() {
        return code;
    }

    /** How much time one row sums; periods start on multiples of it since the epoch. */
    public Duration period() {
        return period;
    }

    /** The start of the period of this grain that holds {@code time}. */
    public Instant periodOf(Instant time) {
        long seconds = period.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(time.getEpochSecond(), seconds) * seconds);
    }

    /** The coarsest hourly grain that keeps every one of {@code columns} (span column names such as {@code model}). */
    public static RollupGrain hourlyKeeping(Collection<String> columns) {
        for (RollupGrain grain : HOURLY_COARSEST_FIRST) {
            if (grain.columns.containsAll(columns)) {
                return grain;
            }
        }
        throw new IllegalArgumentException("no rollup keeps " + columns);
    }

    /** {@code key} (of grain {@link #FIVE_MINUTES}) summed into this grain: its period and the dimensions kept. */
    RollupKey of(RollupKey key) {
        return new RollupKey(key.projectId(), this, periodOf(key.periodStart()),
                kept("service_name", key.serviceName()), kept("provider", key.provider()), kept("model", key.model()),
                kept("operation", key.operation()), kept("status_code", key.statusCode()));
    }

    private String kept(String column, String value) {
        return columns.contains(column) ? value : "";
    }

    /**
     * The cells of every grain that {@code finest} (cells of grain {@link #FIVE_MINUTES}) add up to, {@code finest}'s
     * own included: what a fold or a rebuild writes.
     */
    static Map<RollupKey, UsageCell> everyGrain(Map<RollupKey, UsageCell> finest) {
        Map<RollupKey, UsageCell> all = new HashMap<>(finest);
        for (RollupGrain grain : values()) {
            if (grain == FIVE_MINUTES) {
                continue;
            }
            for (Map.Entry<RollupKey, UsageCell> e : finest.entrySet()) {
                UsageCell cell = e.getValue();
                all.computeIfAbsent(grain.of(e.getKey()), k -> new UsageCell()).add(cell.sums(), cell.latency());
            }
        }
        return all;
    }

    static RollupGrain ofCode(short code) {
        for (RollupGrain grain : values()) {
            if (grain.code == code) {
                return grain;
            }
        }
        throw new IllegalArgumentException("unknown rollup grain " + code);
    }
}
