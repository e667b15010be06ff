package org.llmobservatory.server.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.llmobservatory.storage.repository.TimeRange;

/**
 * Reads the {@code from} and {@code to} parameters bounding the half-open window [from, to), each one of: an
 * ISO-8601 instant; a day ({@code 2031-04-01}: its midnight UTC, and for {@code to} the next midnight, so that
 * {@code from=2031-04-01&to=2031-04-01} is that whole day); {@code now}; or a time before now ({@code -1h},
 * {@code -7d}, {@code -PT30M}). {@code to} defaults to now, and {@code from} to one hour before {@code to}.
 * "Now" is rounded up to the next 10 seconds: that loses nothing (the window ends a little in the future) and
 * lets repeated requests for "the last hour" share one cached answer.
 */
final class TimeWindows {

    static final String FROM = "from";
    static final String TO = "to";
    static final Duration DEFAULT_LENGTH = Duration.ofHours(1);
    static final long DEFAULT_END_ALIGNMENT_SECONDS = 10;

    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** A time before now: a minus and a duration (-1h, -PT30M); "-5000-01-01T00:00:00Z" is an instant. */
    private static final Pattern AGO = Pattern.compile("-(?!\\d+-).+");

    private final Clock clock;

    TimeWindows(Clock clock) {
        this.clock = clock;
    }

    /** The window of a query, defaulted to the last hour. */
    TimeRange window(Params params) {
        Instant to = bound(params, TO, true);
        Instant from = bound(params, FROM, false);
        if (to == null) {
            to = alignedNow();
        }
        if (from == null) {
            from = to.minus(DEFAULT_LENGTH);
        }
        return TimeRange.of(from, to);
    }

    private Instant bound(Params params, String name, boolean end) {
        String value = params.text(name);
        if (value == null) {
            return null;
        }
        if (value.equalsIgnoreCase("now")) {
            return alignedNow();
        }
        if (AGO.matcher(value).matches()) {
            Duration ago;
            try {
                ago = Durations.parse(name, value.substring(1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + " must be a time before now such as -1h, -30m or -7d, got '"
                        + value + "'");
            }
            return alignedNow().minus(ago);
        }
        if (DAY.matcher(value).matches()) {
            try {
                LocalDate day = LocalDate.parse(value);
                return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(name + " must be a real day such as 2031-04-01, got '" + value
                        + "'");
            }
        }
        return params.instant(name);
    }

    private Instant alignedNow() {
        Instant now = clock.instant();
        long seconds = now.getNano() == 0 ? now.getEpochSecond() : now.getEpochSecond() + 1;
        return Instant.ofEpochSecond(Math.ceilDiv(seconds, DEFAULT_END_ALIGNMENT_SECONDS)
                * DEFAULT_END_ALIGNMENT_SECONDS);
    }

    /** The window when either bound is given, else null: an optional hint rather than a filter. */
    TimeRange hint(Params params) {
        if (params.text(FROM) == null && params.text(TO) == null) {
            return null;
        }
        return window(params);
    }
}
