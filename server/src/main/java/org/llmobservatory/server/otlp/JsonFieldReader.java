package org.llmobservatory.server.otlp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.util.Base64;

/**
 * Reads one scalar JSON value (the parser's current token) as the protobuf value of a field, by OTLP/JSON's
 * rules: trace and span ids in hex and other bytes in base64, enums by number or name, 64-bit integers as
 * strings or numbers, floating point as numbers or "NaN", "Infinity" and "-Infinity". A value of the wrong
 * JSON type is refused naming the field, where protobuf's JsonFormat only said what it could not parse.
 */
final class JsonFieldReader {

    private final JsonParser parser;
    private final JsonPosition position;
    private final JsonIntegers integers;

    JsonFieldReader(JsonParser parser, JsonPosition position) {
        this.parser = parser;
        this.position = position;
        this.integers = new JsonIntegers(parser, position);
    }

    /**
     * The value for {@code setField} or {@code addRepeatedField}, or null for an enum name this version of
     * OTLP does not know (ignored, as unknown fields are). Never called for null or for message fields.
     */
    Object read(MessageFields.JsonField field) throws IOException {
        FieldDescriptor descriptor = field.descriptor;
        return switch (descriptor.getType()) {
            case STRING -> text();
            case BOOL -> bool();
            case INT32, SINT32, SFIXED32 -> Integer.valueOf(
                    (int) integers.signed(Integer.MIN_VALUE, Integer.MAX_VALUE, JsonIntegers.SIGNED_32));
            case UINT32, FIXED32 -> Integer.valueOf((int) integers.signed(0, 0xFFFF_FFFFL, JsonIntegers.UNSIGNED_32));
            case INT64, SINT64, SFIXED64 ->
                    Long.valueOf(integers.signed(Long.MIN_VALUE, Long.MAX_VALUE, JsonIntegers.SIGNED_64));
            case UINT64, FIXED64 -> Long.valueOf(integers.unsigned64());
            case DOUBLE -> Double.valueOf(floatingPoint("a double"));
            case FLOAT -> Float.valueOf(floatSized());
            case BYTES -> field.hexIdBytes > 0 ? hexId(field.hexIdBytes) : base64();
            case ENUM -> enumValue(descriptor.getEnumType());
            case MESSAGE, GROUP -> throw new IllegalArgumentException(descriptor.getFullName() + " is not a scalar");
        };
    }

    // JsonFormat takes a number or boolean as its text too; that stays accepted.
    private String text() throws IOException {
        JsonToken token = parser.currentToken();
        if (token.isScalarValue()) {
            return parser.getText();
        }
        throw position.refuse("expected a string, got " + JsonPosition.kindOf(token));
    }

    private Boolean bool() throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            return token == JsonToken.VALUE_TRUE;
        }
        if (token == JsonToken.VALUE_STRING && (parser.getText().equals("true") || parser.getText().equals("false"))) {
            return parser.getText().equals("true");
        }
        throw position.refuse("expected true or false, got " + shownOrKind(token));
    }

    private double floatingPoint(String kind) throws IOException {
        JsonToken token = parser.currentToken();
        double value;
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            value = parser.getDoubleValue();
        } else if (token == JsonToken.VALUE_STRING) {
            String text = parser.getText();
            switch (text) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    value = parseNumberText(text, kind);
            }
        } else {
            throw position.refuse("expected " + kind + ", got " + JsonPosition.kindOf(token));
        }
        if (Double.isInfinite(value)) {
            throw position.refuse(position.shownValue() + " is out of range for " + kind);
        }
        return value;
    }

    // Read from the text again rather than narrowed from the double, which could round twice.
    private float floatSized() throws IOException {
        double value = floatingPoint("a 32-bit float");
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return (float) value;
        }
        float narrow = Float.parseFloat(parser.getText());
        if (Float.isInfinite(narrow)) {
            throw position.refuse(position.shownValue() + " is out of range for a 32-bit float");
        }
        return narrow;
    }

    private double parseNumberText(String text, String kind) {
        if (JsonIntegers.isNumberText(text)) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                // not a number after all: refused below
            }
        }
        throw position.refuse("expected " + kind + ", got " + JsonPosition.quoted(text));
    }

    private ByteString hexId(int bytes) throws IOException {
        JsonToken token = parser.currentToken();
        if (token != JsonToken.VALUE_STRING) {
            throw position.refuse("expected a hex string, got " + JsonPosition.kindOf(token));
        }
        String hex = parser.getText();
        String problem = IdFields.hexProblem(hex, bytes);
        if (problem != null) {
            throw position.refuse(problem);
        }
        return IdFields.fromHex(hex);
    }

    // Protobuf's JSON mapping writes standard base64 with padding, and readers accept URL-safe or unpadded too.
    private ByteString base64() throws IOException {
        JsonToken token = parser.currentToken();
        if (token != JsonToken.VALUE_STRING) {
            throw position.refuse("expected a base64 string, got " + JsonPosition.kindOf(token));
        }
        String text = parser.getText();
        try {
            return UnsafeByteOperations.unsafeWrap(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException standard) {
            try {
                return UnsafeByteOperations.unsafeWrap(Base64.getUrlDecoder().decode(text));
            } catch (IllegalArgumentException urlSafe) {
                throw position.refuse("expected base64, got " + JsonPosition.quoted(text));
            }
        }
    }

    private EnumValueDescriptor enumValue(EnumDescriptor type) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            EnumValueDescriptor byName = type.findValueByName(parser.getText());
            if (byName != null || !JsonIntegers.isNumberText(parser.getText())) {
                return byName;
            }
        } else if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw position.refuse("expected an enum number or name, got " + JsonPosition.kindOf(token));
        }
        int number = (int) integers.signed(Integer.MIN_VALUE, Integer.MAX_VALUE, "an enum number");
        // Proto3 enums are open: a number from a newer OTLP is kept, as the protobuf decoder keeps it.
        return type.isClosed() ? type.findValueByNumber(number) : type.findValueByNumberCreatingIfUnknown(number);
    }

    private String shownOrKind(JsonToken token) throws IOException {
        return token == JsonToken.VALUE_STRING ? JsonPosition.quoted(parser.getText()) : JsonPosition.kindOf(token);
    }
}
