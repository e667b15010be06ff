package org.llmobservatory.server.mapping;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.llmobservatory.server.genai.Identity;
import org.llmobservatory.server.genai.MessageContent;
import org.llmobservatory.server.genai.ModelCall;
import org.llmobservatory.server.genai.TokenUsage;
import org.llmobservatory.server.redaction.Redaction;
import org.llmobservatory.server.values.AttributeJson;
import org.llmobservatory.server.values.Attributes;
import org.llmobservatory.server.values.ContentLimits;
import org.llmobservatory.server.values.Ids;
import org.llmobservatory.server.values.Rejected;
import org.llmobservatory.server.values.Text;
import org.llmobservatory.server.values.UnixNanos;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.SpanKind;
import org.llmobservatory.storage.model.StatusCode;

/**
 * Turns an OTLP trace export request into storable spans, reading the LLM columns from the OpenTelemetry
 * GenAI, OpenLLMetry and OpenInference conventions (docs/OTLP_MAPPING.md has the rules). A span that
 * cannot be stored is rejected alone, with its reason; the others are kept. Redaction happens here too, on the
 * way, so each span is built once. A cost the sender gave is kept; the storage prices the model calls that came
 * without one ({@code SpanPricing}, the one place that rule is written).
 */
public final class SpanMapper {

    private final ContentLimits limits;
    private final TimeWindow window;
    private final Clock clock;
    private final Redaction redaction;

    /** Default limits and time window, against the system clock; content stored as sent, nothing priced. */
    public SpanMapper() {
        this(ContentLimits.DEFAULT, TimeWindow.DEFAULT, Clock.systemUTC());
    }

    public SpanMapper(ContentLimits limits, TimeWindow window, Clock clock) {
        this(limits, window, clock, Redaction.off());
    }

    /** As above, with {@code redaction} applied to prompts, completions and events. */
    public SpanMapper(ContentLimits limits, TimeWindow window, Clock clock, Redaction redaction) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.window = Objects.requireNonNull(window, "window");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.redaction = Objects.requireNonNull(redaction, "redaction");
    }

    public MappedSpans map(String projectId, ExportTraceServiceRequest request) {
        Objects.requireNonNull(projectId, "projectId");
        Instant now = clock.instant();
        List<Span> spans = new ArrayList<>();
        List<ItemRejection> rejected = new ArrayList<>();
        for (int r = 0; r < request.getResourceSpansCount(); r++) {
            ResourceSpans resourceSpans = request.getResourceSpans(r);
            ResourceContext resource = ResourceContext.of(resourceSpans.getResource(), limits);
            for (int s = 0; s < resourceSpans.getScopeSpansCount(); s++) {
                ScopeSpans scopeSpans = resourceSpans.getScopeSpans(s);
                Map<String, String> scope = ResourceContext.scope(scopeSpans.getScope());
                for (int i = 0; i < scopeSpans.getSpansCount(); i++) {
                    io.opentelemetry.proto.trace.v1.Span span = scopeSpans.getSpans(i);
                    try {
                        spans.add(map(projectId, span, resource, scope, now));
                    } catch (Rejected e) {
                        String id = Ids.readable(span.getSpanId(), Ids.SPAN_ID_BYTES);
                        rejected.add(new ItemRejection("resourceSpans[" + r + "].scopeSpans[" + s + "].spans[" + i + "]",
                                id == null ? null : "span " + id, e.getMessage()));
                    }
                }
            }
        }
        return new MappedSpans(spans, rejected);
    }

    private Span map(String projectId, io.opentelemetry.proto.trace.v1.Span span, ResourceContext resource,
            Map<String, String> scope, Instant now) {
        String traceId = Ids.required("traceId", span.getTraceId(), Ids.TRACE_ID_BYTES);
        String spanId = Ids.required("spanId", span.getSpanId(), Ids.SPAN_ID_BYTES);
        String parentSpanId = Ids.optional("parentSpanId", span.getParentSpanId(), Ids.SPAN_ID_BYTES);
        Instant start = UnixNanos.required("startTimeUnixNano", span.getStartTimeUnixNano());
        Instant end = UnixNanos.required("endTimeUnixNano", span.getEndTimeUnixNano());
        if (end.isBefore(start)) {
            throw new Rejected("endTimeUnixNano " + end + " is before startTimeUnixNano " + start);
        }
        rejectOutside("startTimeUnixNano", start, now);
        rejectOutside("endTimeUnixNano", end, now);

        int maxAttribute = limits.maxAttributeBytes();
        Attributes attributes = Attributes.of(span.getAttributesList());
        TokenUsage tokens = TokenUsage.of(attributes);
        ModelCall call = ModelCall.of(attributes, span.getEventsList(), start, maxAttribute);
        Identity who = Identity.of(attributes, resource.attributes(), maxAttribute);
        MessageContent content = MessageContent.of(attributes, limits);
        String statusMessage = Text.limit(span.getStatus().getMessage(), maxAttribute);

        return Span.builder()
                .projectId(projectId).traceId(traceId).spanId(spanId).parentSpanId(parentSpanId)
                .name(Text.limit(span.getName(), maxAttribute)).kind(kind(span.getKindValue()))
                .serviceName(resource.serviceName()).startTime(start).endTime(end)
                .statusCode(status(span.getStatus().getCodeValue()))
                .statusMessage(statusMessage.isEmpty() ? null : statusMessage)
                .provider(call.provider()).model(call.model()).operation(call.operation())
                .inputTokens(tokens.input()).outputTokens(tokens.output()).totalTokens(tokens.total())
                .cacheReadTokens(tokens.cacheRead()).reasoningTokens(tokens.reasoning())
                .costUsd(call.costUsd()).timeToFirstTokenMs(call.timeToFirstTokenMs())
                .finishReason(call.finishReason())
                .userId(who.userId()).sessionId(who.sessionId()).environment(who.environment())
                .attributes(AttributeJson.object(content.withoutContent(attributes.withDefaults(scope)), maxAttribute))
                .resourceAttributes(resource.json())
                .events(redaction.applyToContent(SpanDetails.events(span.getEventsList(), maxAttribute)))
                .links(SpanDetails.links(span.getLinksList(), maxAttribute))
                .inputContent(redaction.applyToContent(content.input()))
                .outputContent(redaction.applyToContent(content.output()))
                .build();
    }

    private void rejectOutside(String field, Instant time, Instant now) {
        String violation = window.violation(field, time, now);
        if (violation != null) {
            throw new Rejected(violation);
        }
    }

    private static SpanKind kind(int value) {
        return switch (value) {
            case 1 -> SpanKind.INTERNAL;
            case 2 -> SpanKind.SERVER;
            case 3 -> SpanKind.CLIENT;
            case 4 -> SpanKind.PRODUCER;
            case 5 -> SpanKind.CONSUMER;
            default -> SpanKind.UNSPECIFIED;
        };
    }

    private static StatusCode status(int value) {
        return switch (value) {
            case 1 -> StatusCode.OK;
            case 2 -> StatusCode.ERROR;
            default -> StatusCode.UNSET;
        };
    }
}
