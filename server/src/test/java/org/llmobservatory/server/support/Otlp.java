package org.llmobservatory.server.support;

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
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
import java.util.HexFormat;

/** Builds OTLP protobuf messages for tests, with readable defaults. */
public final class Otlp {

    public static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
    public static final String SPAN_ID = "eee19b7ec3c1b174";
    public static final String PARENT_ID = "eee19b7ec3c1b173";

    private Otlp() {
    }

    public static ByteString id(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    public static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    public static AnyValue string(String value) {
        return AnyValue.newBuilder().setStringValue(value).build();
    }

    public static AnyValue integer(long value) {
        return AnyValue.newBuilder().setIntValue(value).build();
    }

    public static AnyValue dbl(double value) {
        return AnyValue.newBuilder().setDoubleValue(value).build();
    }

    public static AnyValue bool(boolean value) {
        return AnyValue.newBuilder().setBoolValue(value).build();
    }

    public static AnyValue array(AnyValue... values) {
        return AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addAllValues(java.util.List.of(values)))
                .build();
    }

    public static AnyValue kvlist(KeyValue... values) {
        return AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addAllValues(java.util.List.of(values)))
                .build();
    }

    public static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    public static KeyValue kv(String key, String value) {
        return kv(key, string(value));
    }

    public static KeyValue kv(String key, long value) {
        return kv(key, integer(value));
    }

    public static KeyValue kv(String key, double value) {
        return kv(key, dbl(value));
    }

    public static Resource resource(KeyValue... attributes) {
        return Resource.newBuilder().addAllAttributes(java.util.List.of(attributes)).build();
    }

    /** A valid client span that started at {@code start} and lasted 1.5 seconds, with the given attributes. */
    public static Span.Builder span(Instant start, KeyValue... attributes) {
        return Span.newBuilder()
                .setTraceId(id(TRACE_ID)).setSpanId(id(SPAN_ID)).setParentSpanId(id(PARENT_ID))
                .setName("chat gpt-4o").setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .setStartTimeUnixNano(nanos(start)).setEndTimeUnixNano(nanos(start.plusMillis(1500)))
                .addAllAttributes(java.util.List.of(attributes));
    }

    public static ExportTraceServiceRequest traces(Resource resource, Span.Builder... spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("test.instrumentation").setVersion("1.2.3"));
        for (Span.Builder span : spans) {
            scope.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope)).build();
    }

    public static ExportTraceServiceRequest traces(Span.Builder... spans) {
        return traces(resource(kv("service.name", "chatbot")), spans);
    }
}
