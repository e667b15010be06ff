package org.llmobservatory.storage.repository;

import java.time.Duration;
import java.time.Instant;

/** The half-open time window [from, to) every query is bounded by; {@code from} must be before {@code to}. */
public record TimeRange(Instant from, Instant to) {

    public TimeRange {
        if (from == null || to == null) {
            throw new IllegalArgumentException("a time range needs both from and to");
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("time range is empty or inverted: from (" + from
                    + ") must be before to (" + to + ")");
        }
    }

    public static TimeRange of(Instant from, Instant to) {
        return new TimeRange(from, to);
    }

    public Duration length() {
        return Duration.between(from, to);
    }
}
