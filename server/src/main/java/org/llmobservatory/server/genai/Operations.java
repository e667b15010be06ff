package org.llmobservatory.server.genai;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.llmobservatory.server.values.Attributes;

/**
 * The operation column in OpenTelemetry's vocabulary ({@code chat}, {@code text_completion},
 * {@code embeddings}, {@code execute_tool}, {@code invoke_agent}), so that one filter finds the same
 * kind of call whichever convention the instrumentation follows. Values with no OpenTelemetry
 * counterpart keep their own name in lower case.
 */
public final class Operations {

    private static final Map<String, String> OPENLLMETRY_REQUEST_TYPE = Map.of(
            "chat", "chat", "completion", "text_completion", "embedding", "embeddings", "rerank", "rerank");

    private static final Map<String, String> OPENLLMETRY_SPAN_KIND = Map.of(
            "workflow", "workflow", "task", "task", "agent", "invoke_agent", "tool", "execute_tool");

    private static final Map<String, String> OPENINFERENCE_SPAN_KIND = Map.of(
            "llm", "chat", "embedding", "embeddings", "tool", "execute_tool", "agent", "invoke_agent",
            "chain", "chain", "retriever", "retriever", "reranker", "reranker", "guardrail", "guardrail",
            "evaluator", "evaluator", "prompt", "prompt");

    private Operations() {
    }

    static String of(Attributes attributes, int maxBytes) {
        String otel = attributes.text(List.of(Conventions.OPERATION), maxBytes);
        if (otel != null) {
            return otel.toLowerCase(Locale.ROOT);
        }
        String mapped = mapped(attributes, Conventions.OPENLLMETRY_REQUEST_TYPE, OPENLLMETRY_REQUEST_TYPE, maxBytes);
        if (mapped == null) {
            mapped = mapped(attributes, Conventions.OPENLLMETRY_SPAN_KIND, OPENLLMETRY_SPAN_KIND, maxBytes);
        }
        if (mapped == null) {
            mapped = mapped(attributes, Conventions.OPENINFERENCE_SPAN_KIND, OPENINFERENCE_SPAN_KIND, maxBytes);
        }
        return mapped;
    }

    // "unknown" is how both conventions say "no operation"; it maps to null so a lower-priority
    // convention can still name the operation.
    private static String mapped(Attributes attributes, String key, Map<String, String> table, int maxBytes) {
        String value = attributes.text(List.of(key), maxBytes);
        if (value == null) {
            return null;
        }
        String lower = value.trim().toLowerCase(Locale.ROOT);
        return lower.equals("unknown") ? null : table.getOrDefault(lower, lower);
    }
}
