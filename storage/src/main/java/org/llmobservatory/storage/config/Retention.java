package org.llmobservatory.storage.config;

import java.time.Duration;

/**
 * How long each kind of telemetry is kept, and how many daily partitions are created ahead of time.
 * Retention drops whole daily partitions once all of their rows are older than the period. The hourly usage
 * rollups are kept longer ({@code rollups}), so that a year of cost and latency outlives the spans.
 */
public record Retention(Duration spans, Duration logs, Duration metrics, Duration rollups, int daysAhead) {

    public static final Retention DEFAULTS =
            new Retention(Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(400), 3);

    /** The same retention for spans, logs and metrics, and the default for rollups. */
    public static Retention of(Duration telemetry) {
        return new Retention(telemetry, telemetry, telemetry, DEFAULTS.rollups(), DEFAULTS.daysAhead());
    }

    public Retention withRollups(Duration value) {
        return new Retention(spans, logs, metrics, value, daysAhead);
    }

    public Retention {
        for (Duration d : new Duration[] {spans, logs, metrics, rollups}) {
            if (d.compareTo(Duration.ofDays(1)) < 0) {
                throw new IllegalArgumentException("retention must be at least one day, got " + d);
            }
        }
        if (daysAhead < 1 || daysAhead > 60) {
            throw new IllegalArgumentException("daysAhead must be between 1 and 60, got " + daysAhead);
        }
    }
}
