package org.llmobservatory.server.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters of one request, read by name into typed values. Only the route's own
 * parameters are accepted, each at most once, so that a misspelt filter is an error rather than a
 * silently wider answer. Empty values count as absent. Every failure is an
 * {@link IllegalArgumentException} naming the parameter.
 */
final class Params {

    // ISO-8601's four-digit years; PostgreSQL cannot store some instants Java can parse (year 300000).
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");
    // Costs are stored as numeric(20, 10): nothing reaches 10^10, and nothing is finer than 10^-10.
    private static final BigDecimal SMALLEST_AMOUNT = new BigDecimal("1E-10");

    private final Map<String, List<String>> values;

    Params(Map<String, List<String>> values, List<String> accepted) {
        this.values = values;
        Set<String> unknown = new TreeSet<>(values.keySet());
        accepted.forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown parameter" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; this route accepts: "
                    + (accepted.isEmpty() ? "none" : String.join(", ", accepted)));
        }
    }

    /** The value of {@code name}, or null when absent or empty. */
    String text(String name) {
        List<String> given = values.get(name);
        if (given == null || given.isEmpty()) {
            return null;
        }
        if (given.size() > 1) {
            throw new IllegalArgumentException("parameter " + name + " is given " + given.size()
                    + " times; give it once");
        }
        String value = given.get(0);
        return value == null || value.isBlank() ? null : withoutNul(name, value.strip());
    }

    // PostgreSQL refuses NUL in text, and ingest stores none (it becomes U+FFFD), so nothing could match.
    private static String withoutNul(String name, String value) {
        if (value.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("parameter " + name + " contains a NUL character (%00)");
        }
        return value;
    }

    /** Like {@link #text} but keeping surrounding spaces, for values matched literally. */
    String literal(String name) {
        List<String> given = values.get(name);
        if (given != null && given.size() == 1 && given.get(0) != null && !given.get(0).isEmpty()) {
            return withoutNul(name, given.get(0));
        }
        return text(name);
    }

    Integer integer(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }

    Double number(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(value);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException(value);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + value + "'");
        }
    }

    BigDecimal amount(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a decimal number such as 0.05, got '" + value + "'");
        }
        if (amount.precision() - amount.scale() > 10) {
            throw new IllegalArgumentException(name + " must be below 10^10, got '" + value + "'");
        }
        if (amount.signum() > 0 && amount.precision() - amount.scale() <= -10) {
            return SMALLEST_AMOUNT; // below 10^-10, where amounts are stored no finer; "1e-999999999" stays cheap
        }
        return amount.signum() > 0 && amount.scale() > 10 ? amount.setScale(10, RoundingMode.CEILING) : amount;
    }

    /** An ISO-8601 instant, {@code Z} or with an offset ({@code +02:00}, also when '+' arrived as a space). */
    Instant instant(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        // An unencoded '+' in a query string is decoded as a space.
        String iso = value.replace(' ', '+');
        Instant instant;
        try {
            instant = Instant.parse(iso);
        } catch (DateTimeParseException notUtc) {
            try {
                instant = OffsetDateTime.parse(iso).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as "
                        + "2031-04-01T10:00:00Z, a day such as 2031-04-01, now, or a time before now such as -1h,"
                        + " got '" + value + "'");
            }
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new IllegalArgumentException(name + " must be between the years 0000 and 9999, got '" + value + "'");
        }
        return instant;
    }

    /** A duration, ISO-8601 ({@code PT1M}) or a number with a unit ({@code 60s}, {@code 5m}, {@code 1h}). */
    Duration duration(String name) {
        String value = text(name);
        return value == null ? null : Durations.parse(name, value);
    }

    /** One of an enum's constants, read by {@code parser}, which names the choices when the text is none. */
    <T> T choice(String name, java.util.function.Function<String, T> parser) {
        String value = text(name);
        return value == null ? null : parser.apply(value);
    }
}
