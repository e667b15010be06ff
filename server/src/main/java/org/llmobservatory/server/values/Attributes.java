package org.llmobservatory.server.values;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A span's, resource's or record's attributes by key; a key sent twice keeps its last value. */
public final class Attributes {

    /** A present attribute: its key (which of several candidate names matched) and value. */
    public record Found(String key, AnyValue value) {
    }

    private final Map<String, AnyValue> values;

    private Attributes(Map<String, AnyValue> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static Attributes of(List<KeyValue> keyValues) {
        Map<String, AnyValue> values = new LinkedHashMap<>();
        for (KeyValue kv : keyValues) {
            values.put(kv.getKey(), kv.getValue());
        }
        return new Attributes(values);
    }

    public Map<String, AnyValue> asMap() {
        return values;
    }

    /** These attributes plus {@code extra} string attributes for keys not already present. */
    public Map<String, AnyValue> withDefaults(Map<String, String> extra) {
        Map<String, AnyValue> merged = new LinkedHashMap<>(values);
        extra.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                merged.putIfAbsent(k, AnyValue.newBuilder().setStringValue(v).build());
            }
        });
        return merged;
    }

    /** The first of {@code keys} with a present value (set, and not a blank string), or null. */
    public Found first(List<String> keys) {
        for (String key : keys) {
            AnyValue value = values.get(key);
            if (isPresent(value)) {
                return new Found(key, value);
            }
        }
        return null;
    }

    /** The first present value of {@code keys} as text (see {@link AttributeJson#text}), or null. */
    public String text(List<String> keys, int maxBytes) {
        Found found = first(keys);
        return found == null ? null : AttributeJson.text(found.value(), maxBytes);
    }

    /**
     * Attributes flattened with an index, such as {@code gen_ai.prompt.0.role}, grouped by index in
     * ascending order; each group maps the rest of the key ({@code role}) to its value.
     */
    public TreeMap<Integer, Map<String, AnyValue>> indexed(String prefix) {
        TreeMap<Integer, Map<String, AnyValue>> groups = new TreeMap<>();
        for (Map.Entry<String, AnyValue> e : values.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(prefix)) {
                continue;
            }
            int dot = key.indexOf('.', prefix.length());
            if (dot <= prefix.length() || dot == key.length() - 1) {
                continue;
            }
            Integer index = parseIndex(key.substring(prefix.length(), dot));
            if (index != null) {
                groups.computeIfAbsent(index, i -> new TreeMap<>()).put(key.substring(dot + 1), e.getValue());
            }
        }
        return groups;
    }

    public static boolean isPresent(AnyValue value) {
        if (value == null || value.getValueCase() == AnyValue.ValueCase.VALUE_NOT_SET) {
            return false;
        }
        return value.getValueCase() != AnyValue.ValueCase.STRING_VALUE || !value.getStringValue().isBlank();
    }

    private static Integer parseIndex(String digits) {
        if (digits.isEmpty() || digits.length() > 6) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                return null;
            }
        }
        return Integer.parseInt(digits);
    }
}
