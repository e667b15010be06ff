package org.llmobservatory.server.otlp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Reads the integer fields of OTLP/JSON. Senders write 64-bit integers as strings (as protobuf's JSON
 * mapping says) or as numbers, and some write a 19-digit nanosecond time as {@code 1.7e18}-style floats:
 * every form is read exactly, never through a double, and refused if not whole or out of the field's range.
 */
final class JsonIntegers {

    static final String SIGNED_32 = "a 32-bit integer";
    static final String UNSIGNED_32 = "an unsigned 32-bit integer";
    static final String SIGNED_64 = "a 64-bit integer";
    static final String UNSIGNED_64 = "an unsigned 64-bit integer";

    private static final String LONG_MAX_DIGITS = Long.toString(Long.MAX_VALUE);
    // As Jackson limits number tokens: longer text is not a number any field could hold.
    private static final int MAX_NUMBER_TEXT = 1000;

    private final JsonParser parser;
    private final JsonPosition position;

    JsonIntegers(JsonParser parser, JsonPosition position) {
        this.parser = parser;
        this.position = position;
    }

    /** The current value as a whole number from {@code min} to {@code max}; {@code kind} names the range. */
    long signed(long min, long max, String kind) throws IOException {
        long value;
        if (isPlainLong()) {
            value = plainLong();
        } else {
            BigInteger whole = whole(kind);
            if (whole.bitLength() > 63) {
                throw outOfRange(kind, position.shownValue());
            }
            value = whole.longValue();
        }
        if (value < min || value > max) {
            throw outOfRange(kind, position.shownValue());
        }
        return value;
    }

    /** The current value as a uint64, in protobuf's form: the same 64 bits as a (maybe negative) long. */
    long unsigned64() throws IOException {
        if (isPlainLong()) {
            long value = plainLong();
            if (value < 0) {
                throw outOfRange(UNSIGNED_64, position.shownValue());
            }
            return value;
        }
        BigInteger whole = whole(UNSIGNED_64);
        if (whole.signum() < 0 || whole.bitLength() > 64) {
            throw outOfRange(UNSIGNED_64, position.shownValue());
        }
        return whole.longValue();
    }

    // The usual spellings, "1700000000123456789" and 42, read without BigInteger or BigDecimal.
    private boolean isPlainLong() throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = parser.getNumberType();
            return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG;
        }
        return token == JsonToken.VALUE_STRING && isPlainLong(parser.getText());
    }

    private long plainLong() throws IOException {
        return parser.currentToken() == JsonToken.VALUE_STRING
                ? Long.parseLong(parser.getText()) : parser.getLongValue();
    }

    private static boolean isPlainLong(String text) {
        int start = !text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+') ? 1 : 0;
        int digits = text.length() - start;
        if (digits < 1 || digits > LONG_MAX_DIGITS.length()) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return digits < LONG_MAX_DIGITS.length() || text.substring(start).compareTo(LONG_MAX_DIGITS) <= 0;
    }

    private BigInteger whole(String kind) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case VALUE_NUMBER_INT:
                return parser.getBigIntegerValue();
            case VALUE_NUMBER_FLOAT:
                return whole(parser.getDecimalValue(), kind, position.shownValue());
            case VALUE_STRING:
                String text = parser.getText();
                if (isNumberText(text)) {
                    try {
                        return whole(new BigDecimal(text), kind, JsonPosition.quoted(text));
                    } catch (NumberFormatException e) {
                        // not a number after all: refused below
                    }
                }
                throw position.refuse("expected " + kind + ", got " + JsonPosition.quoted(text));
            default:
                throw position.refuse("expected " + kind + ", got " + JsonPosition.kindOf(token));
        }
    }

    private BigInteger whole(BigDecimal number, String kind, String shown) {
        if (number.signum() == 0) {
            return BigInteger.ZERO;
        }
        try {
            BigDecimal stripped = number.stripTrailingZeros();
            if (stripped.scale() > 0) {
                throw position.refuse("expected " + kind + ", got " + shown + " (not a whole number)");
            }
            // More than 20 digits before the point is beyond any 64-bit range; checked before expanding 1e999999999.
            if ((long) stripped.precision() - stripped.scale() > 20) {
                throw outOfRange(kind, shown);
            }
            return stripped.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw outOfRange(kind, shown);
        }
    }

    /** Text that may be a number: signs, digits, a point and an exponent only (no spaces, no hex, no "1d"). */
    static boolean isNumberText(String text) {
        if (text.isEmpty() || text.length() > MAX_NUMBER_TEXT) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')) {
                return false;
            }
        }
        return true;
    }

    private OtlpDecodeException outOfRange(String kind, String shown) {
        return position.refuse(shown + " is out of range for " + kind);
    }
}
