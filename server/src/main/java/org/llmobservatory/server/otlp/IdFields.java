package org.llmobservatory.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.UnsafeByteOperations;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The trace and span id fields, which OTLP/JSON writes in hex where protobuf's JSON mapping (and so
 * {@code JsonFormat}, which prints responses) uses base64 for every bytes field.
 */
final class IdFields {

    // Every id field in OTLP (Span, Span.Link, LogRecord, Exemplar) has one of these names; proto names
    // are accepted too because JsonFormat accepts them. Attribute keys are values, never field names,
    // so walking the whole tree cannot touch user data.
    private static final Map<String, Integer> ID_BYTES = Map.of(
            "traceId", 16, "trace_id", 16,
            "spanId", 8, "span_id", 8,
            "parentSpanId", 8, "parent_span_id", 8);

    private static final HexFormat HEX = HexFormat.of();

    private IdFields() {
    }

    /** 16 or 8 when the field is a trace or span id, so written in hex; 0 for any other field. */
    static int hexIdBytes(FieldDescriptor field) {
        return field.getType() == FieldDescriptor.Type.BYTES ? ID_BYTES.getOrDefault(field.getName(), 0) : 0;
    }

    /** Why {@code hex} is not an id of {@code bytes} bytes, or null when it is one (or empty, for no id). */
    static String hexProblem(String hex, int bytes) {
        if (hex.isEmpty()) {
            return null;
        }
        if (hex.length() != bytes * 2) {
            String hint = looksLikeBase64(hex, bytes)
                    ? " (this looks base64-encoded; OTLP/JSON encodes ids as hex)" : "";
            return "expected " + bytes * 2 + " hex characters, got " + hex.length() + hint;
        }
        for (int i = 0; i < hex.length(); i++) {
            // HexFormat's test, not Character.digit, which would take a full-width or Arabic-Indic digit.
            if (!HexFormat.isHexDigit(hex.charAt(i))) {
                return "'" + hex.charAt(i) + "' at position " + (i + 1) + " is not a hex digit";
            }
        }
        return null;
    }

    /** The id an upper- or lower-case hex string (with no {@link #hexProblem}) stands for. */
    static ByteString fromHex(String hex) {
        return hex.isEmpty() ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(HEX.parseHex(hex));
    }

    /** Rewrites base64 ids (as JsonFormat prints them) to lower-case hex in place. */
    static void base64ToHex(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.properties());
            for (Map.Entry<String, JsonNode> field : fields) {
                if (ID_BYTES.containsKey(field.getKey()) && field.getValue().isTextual()) {
                    object.put(field.getKey(), HEX.formatHex(Base64.getDecoder().decode(field.getValue().asText())));
                } else {
                    base64ToHex(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode element : array) {
                base64ToHex(element);
            }
        }
    }

    private static boolean looksLikeBase64(String text, int bytes) {
        try {
            return Base64.getDecoder().decode(text).length == bytes;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
