package org.llmobservatory.server.values;

import java.time.Instant;

/** OTLP's fixed64 nanoseconds since the Unix epoch as instants. */
public final class UnixNanos {

    private UnixNanos() {
    }

    /** The instant, or null for 0 (OTLP's "not set"). */
    public static Instant optional(String field, long nanos) {
        if (nanos == 0) {
            return null;
        }
        // fixed64 is unsigned: a Java-negative value is past the year 2262, beyond any sane clock.
        if (nanos < 0) {
            throw new Rejected(field + " " + Long.toUnsignedString(nanos) + " is beyond the year 2262;"
                    + " timestamps are nanoseconds since 1970");
        }
        return Instant.ofEpochSecond(0, nanos);
    }

    /** The instant; rejected when it is 0 (missing). */
    public static Instant required(String field, long nanos) {
        Instant instant = optional(field, nanos);
        if (instant == null) {
            throw new Rejected(field + " is missing (0)");
        }
        return instant;
    }
}
