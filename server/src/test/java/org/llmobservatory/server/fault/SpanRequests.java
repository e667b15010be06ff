package org.llmobservatory.server.fault;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** OTLP/protobuf trace export requests of LLM spans whose span ids are unique within one test run. */
final class SpanRequests {

    /** One encoded export request and the span ids it carries. */
    record ExportRequest(byte[] body, List<String> spanIds) {
    }

    private final long run = ThreadLocalRandom.current().nextLong();
    private final AtomicLong sequence = new AtomicLong();

    /** A request of {@code spans} spans: an agent step and model calls under it, ending now. */
    ExportRequest next(int spans) {
        long now = nanos(Instant.now());
        ByteString traceId = ByteString.copyFrom(ByteBuffer.allocate(16).putLong(run).putLong(sequence.get())
                .array());
        ScopeSpans.Builder scope = ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("llm-app").setVersion("1.0"));
        List<String> ids = new ArrayList<>(spans);
        ByteString root = null;
        for (int i = 0; i < spans; i++) {
            byte[] id = ByteBuffer.allocate(8).putLong(run ^ (sequence.incrementAndGet() << 1 | 1)).array();
            ids.add(HexFormat.of().formatHex(id));
            Span.Builder span = Span.newBuilder().setTraceId(traceId).setSpanId(ByteString.copyFrom(id))
                    .setStartTimeUnixNano(now - 2_000_000_000L).setEndTimeUnixNano(now);
            if (root == null) {
                root = span.getSpanId();
                span.setName("invoke_agent support").setKind(Span.SpanKind.SPAN_KIND_SERVER)
                        .addAttributes(kv("gen_ai.operation.name", AnyValue.newBuilder().setStringValue("invoke_agent")));
            } else {
                span.setParentSpanId(root).setName("chat gpt-4o").setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                        .addAttributes(kv("gen_ai.operation.name", AnyValue.newBuilder().setStringValue("chat")))
                        .addAttributes(kv("gen_ai.provider.name", AnyValue.newBuilder().setStringValue("openai")))
                        .addAttributes(kv("gen_ai.request.model", AnyValue.newBuilder().setStringValue("gpt-4o")))
                        .addAttributes(kv("gen_ai.usage.input_tokens", AnyValue.newBuilder().setIntValue(1_200)))
                        .addAttributes(kv("gen_ai.usage.output_tokens", AnyValue.newBuilder().setIntValue(300)));
            }
            scope.addSpans(span);
        }
        byte[] body = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name",
                        AnyValue.newBuilder().setStringValue("fault-bot"))))
                .addScopeSpans(scope)).build().toByteArray();
        return new ExportRequest(body, List.copyOf(ids));
    }

    private static KeyValue kv(String key, AnyValue.Builder value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
