package org.llmobservatory.storage.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored span: a model call, a tool call, an agent step. LLM fields are typed columns so they can
 * be filtered and aggregated; everything else stays in the JSON columns. JSON fields hold JSON text
 * (an object for attributes, an array for events and links). Ids are hex of whole bytes, kept in lower case
 * ({@link SpanIds}; the table stores their bytes); an empty parent id is no parent. The constructor throws
 * {@link IllegalArgumentException} for an id that is not hex.
 */
public record Span(
        String projectId,
        String traceId,
        String spanId,
        String parentSpanId,
        String name,
        SpanKind kind,
        String serviceName,
        Instant startTime,
        Instant endTime,
        StatusCode statusCode,
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
        String attributes,
        String resourceAttributes,
        String events,
        String links,
        String inputContent,
        String outputContent) {

    public Span {
        Objects.requireNonNull(projectId, "projectId");
        traceId = SpanIds.canonical("traceId", Objects.requireNonNull(traceId, "traceId"));
        spanId = SpanIds.canonical("spanId", Objects.requireNonNull(spanId, "spanId"));
        parentSpanId = parentSpanId == null || parentSpanId.isEmpty() ? null
                : SpanIds.canonical("parentSpanId", parentSpanId);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(endTime, "endTime");
        kind = kind == null ? SpanKind.INTERNAL : kind;
        statusCode = statusCode == null ? StatusCode.UNSET : statusCode;
        attributes = attributes == null ? "{}" : attributes;
        resourceAttributes = resourceAttributes == null ? "{}" : resourceAttributes;
        events = events == null ? "[]" : events;
        links = links == null ? "[]" : links;
    }

    /** Span duration in milliseconds, with sub-millisecond precision. */
    public double durationMs() {
        return Duration.between(startTime, endTime).toNanos() / 1_000_000.0;
    }

    /** Number of span events in {@link #events()}, counted without parsing the JSON into objects. */
    public int eventCount() {
        return JsonArrays.countElements(events);
    }

    public boolean isRoot() {
        return parentSpanId == null;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a span field by field; project, trace id, span id, name and both times are required. */
    public static final class Builder {
        private String projectId = "default";
        private String traceId;
        private String spanId;
        private String parentSpanId;
        private String name;
        private SpanKind kind = SpanKind.INTERNAL;
        private String serviceName;
        private Instant startTime;
        private Instant endTime;
        private StatusCode statusCode = StatusCode.UNSET;
        private String statusMessage;
        private String provider;
        private String model;
        private String operation;
        private Long inputTokens;
        private Long outputTokens;
        private Long totalTokens;
        private Long cacheReadTokens;
        private Long reasoningTokens;
        private BigDecimal costUsd;
        private Double timeToFirstTokenMs;
        private String finishReason;
        private String userId;
        private String sessionId;
        private String environment;
        private String attributes;
        private String resourceAttributes;
        private String events;
        private String links;
        private String inputContent;
        private String outputContent;

        private Builder() {
        }

        private Builder(Span s) {
            projectId = s.projectId;
            traceId = s.traceId;
            spanId = s.spanId;
            parentSpanId = s.parentSpanId;
            name = s.name;
            kind = s.kind;
            serviceName = s.serviceName;
            startTime = s.startTime;
            endTime = s.endTime;
            statusCode = s.statusCode;
            statusMessage = s.statusMessage;
            provider = s.provider;
            model = s.model;
            operation = s.operation;
            inputTokens = s.inputTokens;
            outputTokens = s.outputTokens;
            totalTokens = s.totalTokens;
            cacheReadTokens = s.cacheReadTokens;
            reasoningTokens = s.reasoningTokens;
            costUsd = s.costUsd;
            timeToFirstTokenMs = s.timeToFirstTokenMs;
            finishReason = s.finishReason;
            userId = s.userId;
            sessionId = s.sessionId;
            environment = s.environment;
            attributes = s.attributes;
            resourceAttributes = s.resourceAttributes;
            events = s.events;
            links = s.links;
            inputContent = s.inputContent;
            outputContent = s.outputContent;
        }

        public Builder projectId(String v) { projectId = v; return this; }
        public Builder traceId(String v) { traceId = v; return this; }
        public Builder spanId(String v) { spanId = v; return this; }
        public Builder parentSpanId(String v) { parentSpanId = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder kind(SpanKind v) { kind = v; return this; }
        public Builder serviceName(String v) { serviceName = v; return this; }
        public Builder startTime(Instant v) { startTime = v; return this; }
        public Builder endTime(Instant v) { endTime = v; return this; }
        public Builder statusCode(StatusCode v) { statusCode = v; return this; }
        public Builder statusMessage(String v) { statusMessage = v; return this; }
        public Builder provider(String v) { provider = v; return this; }
        public Builder model(String v) { model = v; return this; }
        public Builder operation(String v) { operation = v; return this; }
        public Builder inputTokens(Long v) { inputTokens = v; return this; }
        public Builder outputTokens(Long v) { outputTokens = v; return this; }
        public Builder totalTokens(Long v) { totalTokens = v; return this; }
        public Builder cacheReadTokens(Long v) { cacheReadTokens = v; return this; }
        public Builder reasoningTokens(Long v) { reasoningTokens = v; return this; }
        public Builder costUsd(BigDecimal v) { costUsd = v; return this; }
        public Builder timeToFirstTokenMs(Double v) { timeToFirstTokenMs = v; return this; }
        public Builder finishReason(String v) { finishReason = v; return this; }
        public Builder userId(String v) { userId = v; return this; }
        public Builder sessionId(String v) { sessionId = v; return this; }
        public Builder environment(String v) { environment = v; return this; }
        public Builder attributes(String v) { attributes = v; return this; }
        public Builder resourceAttributes(String v) { resourceAttributes = v; return this; }
        public Builder events(String v) { events = v; return this; }
        public Builder links(String v) { links = v; return this; }
        public Builder inputContent(String v) { inputContent = v; return this; }
        public Builder outputContent(String v) { outputContent = v; return this; }

        public Span build() {
            return new Span(projectId, traceId, spanId, parentSpanId, name, kind, serviceName, startTime, endTime,
                    statusCode, statusMessage, provider, model, operation, inputTokens, outputTokens, totalTokens,
                    cacheReadTokens, reasoningTokens, costUsd, timeToFirstTokenMs, finishReason, userId, sessionId,
                    environment, attributes, resourceAttributes, events, links, inputContent, outputContent);
        }
    }
}
