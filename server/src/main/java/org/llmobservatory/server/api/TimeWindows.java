package org.llmobservatory.server.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.llmobservatory.storage.repository.TimeRange;

/**
 * Reads the {@code from} and {@code to} parameters: ISO-8601 instants bounding the half-open window
 * [from, to). {@code to} defaults to now and {@code from} to one hour before {@code to}.
 */
final class TimeWindows {

    static final String FROM = "from";
    static final String TO = "to";
    static final Duration DEFAULT_LENGTH = Duration.ofHours(1);

    private final Clock clock;

    TimeWindows(Clock clock) {
        this.clock = clock;
    }

    /** The window of a query, defaulted to the last hour. */
    TimeRange window(Params params) {
        Instant to = params.instant(TO);
        Instant from = params.instant(FROM);
        if (to == null) {
            to = clock.instant();
        }
        if (from == null) {
            from = to.minus(DEFAULT_LENGTH);
        }
        return TimeRange.of(from, to);
    }

    /** The window when either bound is given, else null: an optional hint rather than a filter. */
    TimeRange hint(Params params) {
        if (params.text(FROM) == null && params.text(TO) == null) {
            return null;
        }
        return window(params);
    }
}
