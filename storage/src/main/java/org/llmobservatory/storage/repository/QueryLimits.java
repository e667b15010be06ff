package org.llmobservatory.storage.repository;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * Argument checks shared by the query records; each failure is an {@link IllegalArgumentException}
 * whose message a user can act on.
 */
final class QueryLimits {

    static final int MAX_LIMIT = 1000;
    static final int DEFAULT_LIMIT = 100;
    static final long MAX_BUCKETS = 10_000;
    static final Duration MIN_STEP = Duration.ofSeconds(1);

    private QueryLimits() {
    }

    static String projectId(String projectId) {
        if (projectId == null || projectId.isBlank()) {
            throw new IllegalArgumentException("projectId is required");
        }
        return projectId;
    }

    static TimeRange range(TimeRange range) {
        if (range == null) {
            throw new IllegalArgumentException("a time range [from, to) is required");
        }
        return range;
    }

    static int limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        return limit;
    }

    static Double notNegative(String name, Double value) {
        if (value != null && (value.isNaN() || value < 0)) {
            throw new IllegalArgumentException(name + " must be zero or more, got " + value);
        }
        return value;
    }

    static BigDecimal notNegative(String name, BigDecimal value) {
        if (value != null && value.signum() < 0) {
            throw new IllegalArgumentException(name + " must be zero or more, got " + value);
        }
        return value;
    }

    /** Blank filters mean "no filter", as an empty query parameter would. */
    static String filter(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * Checks a bucket width: at least one second, and at most {@link #MAX_BUCKETS} buckets over the
     * range so a single request cannot ask for millions of points.
     */
    static Duration step(Duration step, TimeRange range) {
        if (step == null) {
            throw new IllegalArgumentException("step is required");
        }
        if (step.compareTo(MIN_STEP) < 0) {
            throw new IllegalArgumentException("step must be at least 1 second, got " + step);
        }
        long stepMicros = micros(step);
        // Buckets are aligned to the epoch (date_bin's origin), so count the buckets [from, to) touches.
        long first = Math.floorDiv(micros(range.from()), stepMicros);
        long last = Math.floorDiv(micros(range.to()) - 1, stepMicros);
        if (last - first + 1 > MAX_BUCKETS) {
            throw new IllegalArgumentException("step " + step + " over " + range.length() + " gives more than "
                    + MAX_BUCKETS + " buckets; use a larger step or a shorter range");
        }
        return step;
    }

    /** Whole microseconds, PostgreSQL's timestamp resolution. */
    static long micros(Duration d) {
        try {
            return Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1_000);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration too large: " + d);
        }
    }

    static long micros(Instant t) {
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("time out of range: " + t);
        }
    }
}
