package org.llmobservatory.server.genai;

import io.opentelemetry.proto.common.v1.AnyValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.llmobservatory.server.values.AttributeJson;
import org.llmobservatory.server.values.Attributes;
import org.llmobservatory.server.values.ContentLimits;
import org.llmobservatory.server.values.Text;

/**
 * The input and output content of a span, from whichever convention carries it. Whole-value attributes
 * are stored as sent (a JSON string stays that string; a structured value is written as JSON);
 * indexed attributes such as {@code gen_ai.prompt.0.role} are gathered into a JSON array of message
 * objects. The result is limited to {@link ContentLimits#maxContentBytes()}. The attributes it was read from are
 * not kept in the span's attributes as well ({@link #withoutContent}): the prompt and the completion are stored once.
 */
public record MessageContent(String input, String output, List<Source> sources) {

    sealed interface Source permits Whole, Indexed {
        /** Whether attribute {@code key} is (part of) this source. */
        boolean carries(String key);
    }

    private record Whole(String key) implements Source {
        @Override
        public boolean carries(String attribute) {
            return key.equals(attribute);
        }
    }

    /** {@code prefix} + index + "." + [{@code strip}] + field, e.g. llm.input_messages.0.message.role. */
    private record Indexed(String prefix, String strip) implements Source {
        @Override
        public boolean carries(String attribute) {
            return attribute.length() > prefix.length() && attribute.startsWith(prefix)
                    && Character.isDigit(attribute.charAt(prefix.length()));
        }
    }

    private static final List<Source> INPUT = List.of(
            new Whole("gen_ai.input.messages"),
            new Indexed("gen_ai.prompt.", ""),
            new Whole("traceloop.entity.input"),
            new Indexed("llm.input_messages.", "message."),
            new Whole("input.value"),
            new Whole("gen_ai.prompt"));

    private static final List<Source> OUTPUT = List.of(
            new Whole("gen_ai.output.messages"),
            new Indexed("gen_ai.completion.", ""),
            new Whole("traceloop.entity.output"),
            new Indexed("llm.output_messages.", "message."),
            new Whole("output.value"),
            new Whole("gen_ai.completion"));

    public static MessageContent of(Attributes attributes, ContentLimits limits) {
        List<Source> used = new ArrayList<>(2);
        String input = first(attributes, INPUT, limits, used);
        String output = first(attributes, OUTPUT, limits, used);
        return new MessageContent(input, output, List.copyOf(used));
    }

    /** {@code attributes} without those the content was read from. */
    public Map<String, AnyValue> withoutContent(Map<String, AnyValue> attributes) {
        if (sources.isEmpty()) {
            return attributes;
        }
        Map<String, AnyValue> kept = new LinkedHashMap<>(attributes);
        kept.keySet().removeIf(key -> sources.stream().anyMatch(source -> source.carries(key)));
        return kept;
    }

    private static String first(Attributes attributes, List<Source> sources, ContentLimits limits, List<Source> used) {
        int max = limits.maxContentBytes();
        for (Source source : sources) {
            String content = switch (source) {
                case Whole whole -> {
                    Attributes.Found found = attributes.first(List.of(whole.key()));
                    yield found == null ? null : AttributeJson.content(found.value(), max);
                }
                case Indexed indexed -> {
                    String messages = messages(attributes.indexed(indexed.prefix()), indexed.strip(), max);
                    yield messages == null ? null : Text.limit(messages, max);
                }
            };
            if (content != null) {
                used.add(source);
                return content;
            }
        }
        return null;
    }

    private static String messages(TreeMap<Integer, Map<String, AnyValue>> groups, String strip, int max) {
        if (groups.isEmpty()) {
            return null;
        }
        return AttributeJson.json(g -> {
            g.writeStartArray();
            for (Map<String, AnyValue> fields : groups.values()) {
                Map<String, AnyValue> message = new LinkedHashMap<>();
                Map<String, AnyValue> rest = new TreeMap<>();
                Map<String, AnyValue> stripped = new HashMap<>();
                fields.forEach((k, v) -> stripped.put(k.startsWith(strip) ? k.substring(strip.length()) : k, v));
                for (String first : List.of("role", "content")) {
                    if (stripped.containsKey(first)) {
                        message.put(first, stripped.remove(first));
                    }
                }
                rest.putAll(stripped);
                message.putAll(rest);
                AttributeJson.writeObject(g, message, max);
            }
            g.writeEndArray();
        });
    }
}
