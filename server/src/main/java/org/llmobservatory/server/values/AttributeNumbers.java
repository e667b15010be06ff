package org.llmobservatory.server.values;

import io.opentelemetry.proto.common.v1.AnyValue;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Reads numbers from attributes for typed columns. Instrumentations send counts as integers, doubles
 * or strings; all three are read when they hold a sensible number, and anything else rejects the item
 * with a reason naming the attribute, rather than storing a wrong number.
 */
public final class AttributeNumbers {

    // numeric(20, 10): at most 10 digits before the decimal point.
    private static final BigDecimal MAX_COST = BigDecimal.TEN.pow(10);

    private AttributeNumbers() {
    }

    /** A non-negative whole number: an int, an integral double, or an integer string. */
    public static Long count(Attributes.Found found) {
        if (found == null) {
            return null;
        }
        AnyValue v = found.value();
        Long count = switch (v.getValueCase()) {
            case INT_VALUE -> v.getIntValue();
            case DOUBLE_VALUE -> {
                double d = v.getDoubleValue();
                yield Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 0x1p63 ? (long) d : null;
            }
            case STRING_VALUE -> parseLong(v.getStringValue().trim());
            default -> null;
        };
        if (count == null || count < 0) {
            throw new Rejected(found.key() + " must be a non-negative whole number, got " + shown(v));
        }
        return count;
    }

    /** A non-negative amount of money in USD that fits numeric(20, 10); more than 10 decimals are rounded. */
    public static BigDecimal usd(Attributes.Found found) {
        if (found == null) {
            return null;
        }
        BigDecimal amount = decimal(found.value());
        if (amount == null || amount.signum() < 0 || amount.abs().compareTo(MAX_COST) >= 0) {
            throw new Rejected(found.key() + " must be a non-negative amount below 10^10 USD, got "
                    + shown(found.value()));
        }
        return amount.scale() > 10 ? amount.setScale(10, RoundingMode.HALF_UP) : amount;
    }

    /** A non-negative, finite number of seconds, returned in milliseconds. */
    public static Double secondsAsMillis(Attributes.Found found) {
        if (found == null) {
            return null;
        }
        BigDecimal seconds = decimal(found.value());
        // 1e306 seconds is a finite double but infinite milliseconds, which the column would store as Infinity.
        double millis = seconds == null ? Double.NaN : seconds.doubleValue() * 1000.0;
        if (seconds == null || seconds.signum() < 0 || !Double.isFinite(millis)) {
            throw new Rejected(found.key() + " must be a non-negative number of seconds, got " + shown(found.value()));
        }
        return millis;
    }

    private static BigDecimal decimal(AnyValue v) {
        return switch (v.getValueCase()) {
            case INT_VALUE -> BigDecimal.valueOf(v.getIntValue());
            case DOUBLE_VALUE -> Double.isFinite(v.getDoubleValue()) ? BigDecimal.valueOf(v.getDoubleValue()) : null;
            case STRING_VALUE -> parseDecimal(v.getStringValue().trim());
            default -> null;
        };
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static BigDecimal parseDecimal(String s) {
        try {
            BigDecimal d = new BigDecimal(s);
            // A huge exponent ("1e999999999") is not a cost or a duration, and is slow to handle.
            return d.precision() - d.scale() > 30 ? null : d;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String shown(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> "\"" + Text.limit(v.getStringValue(), 64) + "\"";
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            default -> "a value of type " + v.getValueCase().name().toLowerCase().replace("_value", "");
        };
    }
}
