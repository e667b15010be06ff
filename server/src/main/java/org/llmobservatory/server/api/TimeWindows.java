package org.llmobservatory.server.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.llmobservatory.storage.repository.TimeRange;

/**
 * Reads the {@code from} and {@code to} parameters: ISO-8601 instants bounding the half-open window
 * [from, to). {@code to} defaults to now rounded up to the next 10 seconds, and {@code from} to one hour
 * before {@code to}. The rounding loses nothing (the window ends a little in the future) and lets
 * repeated requests for "the last hour" share one cached answer.
 */
final class TimeWindows {

    static final String FROM = "from";
    static final String TO = "to";
    static final Duration DEFAULT_LENGTH = Duration.ofHours(1);
    static final long DEFAULT_END_ALIGNMENT_SECONDS = 10;

    private final Clock clock;

    TimeWindows(Clock clock) {
        this.clock = clock;
    }

    /** The window of a query, defaulted to the last hour. */
    TimeRange window(Params params) {
        Instant to = params.instant(TO);
        Instant from = params.instant(FROM);
        if (to == null) {
            to = alignedNow();
        }
        if (from == null) {
            from = to.minus(DEFAULT_LENGTH);
        }
        return TimeRange.of(from, to);
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
