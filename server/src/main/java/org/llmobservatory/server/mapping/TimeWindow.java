package org.llmobservatory.server.mapping;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The span of time, relative to now, in which telemetry timestamps are accepted. Anything older than
 * {@code maxAge} or further ahead than {@code maxFuture} is rejected: such times are almost always a
 * broken clock or a unit mistake (milliseconds sent as nanoseconds), and storing them would need
 * partitions that do not exist.
 */
public record TimeWindow(Duration maxAge, Duration maxFuture) {

    /** 30 days back, 1 day ahead. */
    public static final TimeWindow DEFAULT = new TimeWindow(Duration.ofDays(30), Duration.ofDays(1));

    public TimeWindow {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(maxFuture, "maxFuture");
        if (maxAge.isNegative() || maxFuture.isNegative()) {
            throw new IllegalArgumentException("time window bounds must not be negative: " + maxAge + ", " + maxFuture);
        }
    }

    /** Null when {@code time} is inside the window around {@code now}, else why it is not. */
    String violation(String field, Instant time, Instant now) {
        if (time.isBefore(now.minus(maxAge))) {
            return field + " " + time + " is more than " + describe(maxAge) + " in the past" + bounds();
        }
        if (time.isAfter(now.plus(maxFuture))) {
            return field + " " + time + " is more than " + describe(maxFuture) + " in the future" + bounds();
        }
        return null;
    }

    private String bounds() {
        return " (accepted: from " + describe(maxAge) + " ago to " + describe(maxFuture) + " ahead)";
    }

    static String describe(Duration d) {
        if (d.toSeconds() % 86_400 == 0 && !d.isZero()) {
            return plural(d.toDays(), "day");
        }
        if (d.toSeconds() % 3_600 == 0 && !d.isZero()) {
            return plural(d.toHours(), "hour");
        }
        if (d.toSeconds() % 60 == 0 && !d.isZero()) {
            return plural(d.toMinutes(), "minute");
        }
        return plural(d.toSeconds(), "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
