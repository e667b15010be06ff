package org.llmobservatory.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.SpanKind;
import org.llmobservatory.storage.model.StatusCode;

/**
 * Spans as the OTLP export request an instrumented application's SDK sends for them: one resource per service
 * (its resource attributes, {@code service.name} among them), and each span with its ids, kind, times and status
 * and the GenAI semantic-convention attributes the service maps into its columns ({@code gen_ai.operation.name},
 * {@code gen_ai.provider.name}, {@code gen_ai.request.model}, {@code gen_ai.usage.input_tokens} and
 * {@code output_tokens}, cache reads and reasoning tokens when there are any, {@code
 * gen_ai.response.time_to_first_chunk}, {@code gen_ai.response.finish_reasons}, {@code user.id}, {@code
 * gen_ai.conversation.id}), then its own attributes (those the conventions already set from a column are left
 * out: the column says what happened). No cost is sent, as no SDK sends one: the service prices
 * the calls from its table. The project is not sent either: it comes from the API key the request carries.
 */
public final class OtlpExport {

    private static final InstrumentationScope SCOPE = InstrumentationScope.newBuilder().setName("llm-app")
            .setVersion("1.0").build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private OtlpExport() {
    }

    /** The export request carrying {@code spans}, in their order within each service's resource. */
    public static ExportTraceServiceRequest request(List<Span> spans) {
        Map<String, ResourceSpans.Builder> resources = new LinkedHashMap<>();
        for (Span span : spans) {
            String resource = span.serviceName() + '\n' + span.resourceAttributes();
            resources.computeIfAbsent(resource, key -> ResourceSpans.newBuilder()
                    .setResource(Resource.newBuilder().addAllAttributes(resource(span)))
                    .addScopeSpans(ScopeSpans.newBuilder().setScope(SCOPE)))
                    .getScopeSpansBuilder(0).addSpans(span(span));
        }
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        resources.values().forEach(request::addResourceSpans);
        return request.build();
    }

    private static List<KeyValue> resource(Span span) {
        Map<String, AnyValue> attributes = new LinkedHashMap<>();
        if (span.serviceName() != null) {
            attributes.put("service.name", text(span.serviceName()));
        }
        putJson(attributes, span.resourceAttributes());
        return keyValues(attributes);
    }

    private static io.opentelemetry.proto.trace.v1.Span span(Span span) {
        io.opentelemetry.proto.trace.v1.Span.Builder out = io.opentelemetry.proto.trace.v1.Span.newBuilder()
                .setTraceId(id(span.traceId())).setSpanId(id(span.spanId()))
                .setName(span.name()).setKind(kind(span.kind()))
                .setStartTimeUnixNano(nanos(span.startTime())).setEndTimeUnixNano(nanos(span.endTime()))
                .addAllAttributes(attributes(span));
        if (span.parentSpanId() != null) {
            out.setParentSpanId(id(span.parentSpanId()));
        }
        if (span.statusCode() != StatusCode.UNSET) {
            Status.Builder status = Status.newBuilder().setCode(span.statusCode() == StatusCode.OK
                    ? Status.StatusCode.STATUS_CODE_OK : Status.StatusCode.STATUS_CODE_ERROR);
            if (span.statusMessage() != null) {
                status.setMessage(span.statusMessage());
            }
            out.setStatus(status);
        }
        return out.build();
    }

    /**
     * The conventions' attributes for the span's columns, then its own, but for those that name a key the
     * columns set (the generator's {@code gen_ai.response.finish_reasons} says "stop" even on a refused call).
     */
    private static List<KeyValue> attributes(Span span) {
        Map<String, AnyValue> attributes = new LinkedHashMap<>();
        putText(attributes, "gen_ai.operation.name", span.operation());
        putText(attributes, "gen_ai.provider.name", span.provider());
        putText(attributes, "gen_ai.request.model", span.model());
        putCount(attributes, "gen_ai.usage.input_tokens", span.inputTokens());
        putCount(attributes, "gen_ai.usage.output_tokens", span.outputTokens());
        putCount(attributes, "gen_ai.usage.cache_read.input_tokens", span.cacheReadTokens());
        putCount(attributes, "gen_ai.usage.reasoning.output_tokens", span.reasoningTokens());
        if (span.timeToFirstTokenMs() != null) {
            attributes.put("gen_ai.response.time_to_first_chunk",
                    AnyValue.newBuilder().setDoubleValue(span.timeToFirstTokenMs() / 1_000).build());
        }
        if (span.finishReason() != null) {
            attributes.put("gen_ai.response.finish_reasons", AnyValue.newBuilder()
                    .setArrayValue(ArrayValue.newBuilder().addValues(text(span.finishReason()))).build());
        }
        putText(attributes, "user.id", span.userId());
        putText(attributes, "gen_ai.conversation.id", span.sessionId());
        Map<String, AnyValue> own = new LinkedHashMap<>();
        putJson(own, span.attributes());
        own.forEach(attributes::putIfAbsent);
        return keyValues(attributes);
    }

    // OTLP names the same kinds as the storage model, prefixed.
    private static io.opentelemetry.proto.trace.v1.Span.SpanKind kind(SpanKind kind) {
        return io.opentelemetry.proto.trace.v1.Span.SpanKind.valueOf("SPAN_KIND_" + kind.name());
    }

    private static void putText(Map<String, AnyValue> attributes, String key, String value) {
        if (value != null) {
            attributes.put(key, text(value));
        }
    }

    // A provider reports cache reads and reasoning tokens only when there were some; zero is no count.
    private static void putCount(Map<String, AnyValue> attributes, String key, Long value) {
        if (value != null && value > 0) {
            attributes.put(key, AnyValue.newBuilder().setIntValue(value).build());
        }
    }

    private static void putJson(Map<String, AnyValue> attributes, String json) {
        try {
            JSON.readTree(json).properties().forEach(e -> {
                if (!e.getValue().isNull()) {
                    attributes.put(e.getKey(), value(e.getValue()));
                }
            });
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("attributes that are not a JSON object: " + json, e);
        }
    }

    private static AnyValue value(JsonNode node) {
        AnyValue.Builder value = AnyValue.newBuilder();
        if (node.isIntegralNumber()) {
            value.setIntValue(node.longValue());
        } else if (node.isNumber()) {
            value.setDoubleValue(node.doubleValue());
        } else if (node.isBoolean()) {
            value.setBoolValue(node.booleanValue());
        } else if (node.isArray()) {
            ArrayValue.Builder array = ArrayValue.newBuilder();
            node.forEach(element -> array.addValues(value(element)));
            value.setArrayValue(array);
        } else if (node.isObject()) {
            Map<String, AnyValue> entries = new LinkedHashMap<>();
            node.properties().forEach(e -> entries.put(e.getKey(), value(e.getValue())));
            value.setKvlistValue(KeyValueList.newBuilder().addAllValues(keyValues(entries)));
        } else {
            value.setStringValue(node.asText());
        }
        return value.build();
    }

    private static List<KeyValue> keyValues(Map<String, AnyValue> attributes) {
        return attributes.entrySet().stream()
                .map(e -> KeyValue.newBuilder().setKey(e.getKey()).setValue(e.getValue()).build()).toList();
    }

    private static AnyValue text(String value) {
        return AnyValue.newBuilder().setStringValue(value).build();
    }

    private static ByteString id(String hex) {
        return ByteString.copyFrom(HEX.parseHex(hex));
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
