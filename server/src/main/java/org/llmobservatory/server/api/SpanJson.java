package org.llmobservatory.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.math.BigDecimal;
import java.time.Instant;
import org.llmobservatory.storage.model.Span;

/**
 * A span as the API shows it: lower-case kind and status, absent fields left out, and the JSON columns
 * (attributes, events, links) embedded as JSON rather than as quoted text.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SpanJson(
        String traceId,
        String spanId,
        String parentSpanId,
        String name,
        String kind,
        String serviceName,
        Instant startTime,
        Instant endTime,
        double durationMs,
        String statusCode,
        String statusMessage,
        String provider,
        String model,
        String operation,
        Long inputTokens,
        Long outputTokens,
        Long totalTokens,
        Long cacheReadTokens,
        Long reasoningTokens,
        BigDecimal costUsd,
        Double timeToFirstTokenMs,
        String finishReason,
        String userId,
        String sessionId,
        String environment,
        @JsonRawValue String attributes,
        @JsonRawValue String resourceAttributes,
        @JsonRawValue String events,
        @JsonRawValue String links,
        String inputContent,
        String outputContent) {

    /** The span with every stored field. */
    static SpanJson of(Span s) {
        return shown(s, true);
    }

    /** The span without its large values (attributes, resource, events, links, status message, prompt, completion). */
    static SpanJson outline(Span s) {
        return shown(s, false);
    }

    private static SpanJson shown(Span s, boolean whole) {
        return new SpanJson(s.traceId(), s.spanId(), s.parentSpanId(), s.name(), s.kind().dbValue(), s.serviceName(),
                s.startTime(), s.endTime(), s.durationMs(), s.statusCode().dbValue(),
                whole ? s.statusMessage() : null, s.provider(), s.model(), s.operation(), s.inputTokens(),
                s.outputTokens(), s.totalTokens(), s.cacheReadTokens(), s.reasoningTokens(), s.costUsd(),
                s.timeToFirstTokenMs(), s.finishReason(), s.userId(), s.sessionId(), s.environment(),
                whole ? s.attributes() : null, whole ? s.resourceAttributes() : null, whole ? s.events() : null,
                whole ? s.links() : null, whole ? s.inputContent() : null, whole ? s.outputContent() : null);
    }
}
