package org.llmobservatory.storage.config;

import java.time.Duration;

/**
 * How long each kind of telemetry is kept, and how many daily partitions are created ahead of time.
 * Retention drops whole daily partitions once all of their rows are older than the period.
 */
public record Retention(Duration spans, Duration logs, Duration metrics, int daysAhead) {

    public static final Retention DEFAULTS =
            new Retention(Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(30), 3);

    public Retention {
        for (Duration d : new Duration[] {spans, logs, metrics}) {
            if (d.compareTo(Duration.ofDays(1)) < 0) {
                throw new IllegalArgumentException("retention must be at least one day, got " + d);
            }
        }
        if (daysAhead < 1 || daysAhead > 60) {
            throw new IllegalArgumentException("daysAhead must be between 1 and 60, got " + daysAhead);
        }
    }
}
