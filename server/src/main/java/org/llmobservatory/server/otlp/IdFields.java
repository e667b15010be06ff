package org.llmobservatory.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Converts the trace and span id fields of an OTLP/JSON tree between the hex that OTLP/JSON uses and
 * the base64 that protobuf's canonical JSON mapping (and so {@code JsonFormat}) expects.
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

    /** Rewrites hex ids to base64 in place; a malformed id fails naming its path. */
    static void hexToBase64(JsonNode root, TelemetrySignal signal) {
        walk(root, new ArrayDeque<>(), signal, true);
    }

    /** Rewrites base64 ids (as JsonFormat prints them) to lower-case hex in place. */
    static void base64ToHex(JsonNode root) {
        walk(root, new ArrayDeque<>(), null, false);
    }

    private static void walk(JsonNode node, Deque<Object> path, TelemetrySignal signal, boolean toBase64) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.properties());
            for (Map.Entry<String, JsonNode> field : fields) {
                path.addLast(field.getKey());
                Integer bytes = ID_BYTES.get(field.getKey());
                if (bytes != null && !field.getValue().isNull()) {
                    object.put(field.getKey(), toBase64
                            ? base64(field.getValue(), bytes, path, signal)
                            : HEX.formatHex(Base64.getDecoder().decode(field.getValue().asText())));
                } else {
                    walk(field.getValue(), path, signal, toBase64);
                }
                path.removeLast();
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                path.addLast(i);
                walk(array.get(i), path, signal, toBase64);
                path.removeLast();
            }
        }
    }

    private static String base64(JsonNode value, int bytes, Deque<Object> path, TelemetrySignal signal) {
        if (!value.isTextual()) {
            throw invalid(signal, path, "expected a hex string, got " + value.getNodeType().name().toLowerCase());
        }
        String hex = value.textValue();
        if (hex.isEmpty()) {
            return hex;
        }
        if (hex.length() != bytes * 2) {
            String hint = looksLikeBase64(hex, bytes)
                    ? " (this looks base64-encoded; OTLP/JSON encodes ids as hex)" : "";
            throw invalid(signal, path, "expected " + bytes * 2 + " hex characters, got " + hex.length() + hint);
        }
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                throw invalid(signal, path, "'" + hex.charAt(i) + "' at position " + (i + 1) + " is not a hex digit");
            }
        }
        return Base64.getEncoder().encodeToString(HEX.parseHex(hex));
    }

    private static boolean looksLikeBase64(String text, int bytes) {
        try {
            return Base64.getDecoder().decode(text).length == bytes;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static OtlpDecodeException invalid(TelemetrySignal signal, Deque<Object> path, String problem) {
        return new OtlpDecodeException(signal.label() + " payload: " + render(path) + ": " + problem);
    }

    static String render(Iterable<Object> path) {
        StringBuilder sb = new StringBuilder();
        for (Object segment : path) {
            if (segment instanceof Integer index) {
                sb.append('[').append(index).append(']');
            } else {
                sb.append(sb.isEmpty() ? "" : ".").append(segment);
            }
        }
        return sb.toString();
    }
}
