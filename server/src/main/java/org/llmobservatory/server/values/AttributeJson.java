package org.llmobservatory.server.values;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes OTLP attribute values as JSON: strings, booleans, integers and doubles as themselves, arrays
 * as arrays, key-value lists as objects, bytes as base64 strings, an unset value as null. Every string
 * (keys too) is cleaned and limited by {@link Text}; doubles that JSON cannot hold (NaN, ±Infinity)
 * become the strings "NaN", "Infinity" and "-Infinity".
 */
public final class AttributeJson {

    /** Something that writes to a generator. */
    public interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static final JsonFactory FACTORY = new JsonFactory();

    private AttributeJson() {
    }

    /** A JSON object text of {@code attributes}, each string limited to {@code maxBytes}. */
    public static String object(Map<String, AnyValue> attributes, int maxBytes) {
        return json(g -> writeObject(g, attributes, maxBytes));
    }

    /** A value as text: a string as it is, a number or boolean printed, anything else as JSON. */
    public static String text(AnyValue value, int maxBytes) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> Text.limit(value.getStringValue(), maxBytes);
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case VALUE_NOT_SET -> null;
            default -> json(g -> write(g, value, maxBytes));
        };
    }

    /**
     * A value as content text, cut once to {@code maxBytes}: a string as it is, anything else as JSON
     * (whose own strings are limited first, so one huge string cannot hide the rest).
     */
    public static String content(AnyValue value, int maxBytes) {
        if (value.getValueCase() == AnyValue.ValueCase.STRING_VALUE) {
            return Text.limit(value.getStringValue(), maxBytes);
        }
        return Text.limit(text(value, maxBytes), maxBytes);
    }

    public static String json(Body body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static void writeObject(JsonGenerator g, Map<String, AnyValue> attributes, int maxBytes) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, AnyValue> e : attributes.entrySet()) {
            g.writeFieldName(Text.limit(e.getKey(), maxBytes));
            write(g, e.getValue(), maxBytes);
        }
        g.writeEndObject();
    }

    static void write(JsonGenerator g, AnyValue value, int maxBytes) throws IOException {
        switch (value.getValueCase()) {
            case STRING_VALUE -> g.writeString(Text.limit(value.getStringValue(), maxBytes));
            case BOOL_VALUE -> g.writeBoolean(value.getBoolValue());
            case INT_VALUE -> g.writeNumber(value.getIntValue());
            case DOUBLE_VALUE -> writeDouble(g, value.getDoubleValue());
            case BYTES_VALUE -> g.writeString(
                    Text.limit(Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray()), maxBytes));
            case ARRAY_VALUE -> {
                g.writeStartArray();
                for (AnyValue element : value.getArrayValue().getValuesList()) {
                    write(g, element, maxBytes);
                }
                g.writeEndArray();
            }
            case KVLIST_VALUE -> {
                Map<String, AnyValue> entries = new LinkedHashMap<>();
                for (KeyValue kv : value.getKvlistValue().getValuesList()) {
                    entries.put(kv.getKey(), kv.getValue());
                }
                writeObject(g, entries, maxBytes);
            }
            case VALUE_NOT_SET -> g.writeNull();
        }
    }

    private static void writeDouble(JsonGenerator g, double d) throws IOException {
        if (Double.isNaN(d)) {
            g.writeString("NaN");
        } else if (Double.isInfinite(d)) {
            g.writeString(d > 0 ? "Infinity" : "-Infinity");
        } else {
            g.writeNumber(d);
        }
    }
}
