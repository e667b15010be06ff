package org.llmobservatory.server.genai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.llmobservatory.server.values.AttributeJson;
import org.llmobservatory.server.values.AttributeNumbers;
import org.llmobservatory.server.values.Attributes;
import org.llmobservatory.server.values.Text;

/** What a span says about the model call it records: who, which model, what operation, how it ended. */
public record ModelCall(String provider, String model, String operation, String finishReason, BigDecimal costUsd,
        Double timeToFirstTokenMs) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ModelCall of(Attributes attributes, List<Span.Event> events, Instant start, int maxBytes) {
        String provider = attributes.text(Conventions.PROVIDER, maxBytes);
        return new ModelCall(
                provider == null ? null : provider.toLowerCase(Locale.ROOT),
                attributes.text(Conventions.MODEL, maxBytes),
                Operations.of(attributes, maxBytes),
                finishReason(attributes, maxBytes),
                AttributeNumbers.usd(attributes.first(Conventions.COST_USD)),
                timeToFirstToken(attributes, events, start));
    }

    // gen_ai.response.finish_reasons has one reason per choice; the column keeps the first (the only
    // one for the usual single-choice call) so that it stays a low-cardinality filter. All of them stay
    // in the attributes JSON.
    private static String finishReason(Attributes attributes, int maxBytes) {
        Attributes.Found reasons = attributes.first(List.of(Conventions.FINISH_REASONS));
        if (reasons != null) {
            String first = firstOf(reasons.value(), maxBytes);
            if (first != null) {
                return first;
            }
        }
        return attributes.text(Conventions.FINISH_REASON, maxBytes);
    }

    private static String firstOf(AnyValue value, int maxBytes) {
        if (value.hasArrayValue()) {
            return value.getArrayValue().getValuesList().stream().filter(Attributes::isPresent)
                    .map(v -> AttributeJson.text(v, maxBytes)).findFirst().orElse(null);
        }
        String text = AttributeJson.text(value, maxBytes);
        if (text != null && text.trim().startsWith("[")) {
            try {
                for (JsonNode element : JSON.readTree(text)) {
                    if (element.isTextual() && !element.textValue().isBlank()) {
                        return Text.limit(element.textValue(), maxBytes);
                    }
                }
                return null;
            } catch (IOException e) {
                return text;
            }
        }
        return text;
    }

    private static Double timeToFirstToken(Attributes attributes, List<Span.Event> events, Instant start) {
        Double fromAttribute = AttributeNumbers.secondsAsMillis(attributes.first(Conventions.TIME_TO_FIRST_TOKEN));
        if (fromAttribute != null) {
            return fromAttribute;
        }
        for (Span.Event event : events) {
            if (Conventions.FIRST_TOKEN_EVENTS.contains(event.getName()) && event.getTimeUnixNano() > 0) {
                Instant at = Instant.ofEpochSecond(0, event.getTimeUnixNano());
                // An event stamped before its span started says nothing usable; it stays in the events JSON.
                if (!at.isBefore(start)) {
                    return Duration.between(start, at).toNanos() / 1_000_000.0;
                }
            }
        }
        return null;
    }
}
