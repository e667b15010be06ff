package org.llmobservatory.bench;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Pre-encoded OTLP/protobuf export requests of realistic LLM spans, as an instrumented application's
 * SDK would send them: agent steps, chat calls with GenAI attributes and tool calls.
 */
public final class OtlpRequests {

    private static final String[][] MODELS = {
        {"openai", "gpt-4o"}, {"openai", "gpt-4o-mini"}, {"anthropic", "claude-sonnet-4-5"},
        {"gcp.gemini", "gemini-2.5-flash"}, {"mistral_ai", "mistral-large-latest"}};

    private final SplittableRandom random;

    public OtlpRequests(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** One request of {@code spans} spans, grouped four to a trace, ending around {@code now}. */
    public byte[] request(int spans, Instant now) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("llm-app").setVersion("1.0"));
        ByteString traceId = null;
        ByteString rootId = null;
        for (int i = 0; i < spans; i++) {
            long start = nanos(now.minusMillis(random.nextInt(3_600_000)));
            Span.Builder span = Span.newBuilder().setStartTimeUnixNano(start)
                    .setEndTimeUnixNano(start + 1_000_000L * (50 + random.nextInt(5_000)));
            if (i % 4 == 0) {
                traceId = id(16);
                rootId = id(8);
                span.setTraceId(traceId).setSpanId(rootId).setName("invoke_agent support")
                        .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                        .addAttributes(kv("gen_ai.operation.name", "invoke_agent"))
                        .addAttributes(kv("user.id", "user-" + random.nextInt(1_000)));
            } else if (i % 4 == 2) {
                span.setTraceId(traceId).setSpanId(id(8)).setParentSpanId(rootId).setName("execute_tool search")
                        .addAttributes(kv("gen_ai.operation.name", "execute_tool"))
                        .addAttributes(kv("gen_ai.tool.name", "search_orders"));
            } else {
                String[] model = MODELS[random.nextInt(MODELS.length)];
                span.setTraceId(traceId).setSpanId(id(8)).setParentSpanId(rootId).setName("chat " + model[1])
                        .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                        .addAttributes(kv("gen_ai.operation.name", "chat"))
                        .addAttributes(kv("gen_ai.provider.name", model[0]))
                        .addAttributes(kv("gen_ai.request.model", model[1]))
                        .addAttributes(kv("gen_ai.usage.input_tokens", 200 + random.nextInt(4_000)))
                        .addAttributes(kv("gen_ai.usage.output_tokens", 20 + random.nextInt(800)))
                        .addAttributes(kv("gen_ai.request.temperature", "0.2"))
                        .addAttributes(kv("gen_ai.response.id", "chatcmpl-" + random.nextLong()))
                        .addAttributes(kv("gen_ai.conversation.id", "session-" + random.nextInt(10_000)))
                        .addAttributes(kv("server.address", "api." + model[0] + ".example"))
                        .addAttributes(kv("app.tenant", "tenant-" + random.nextInt(50)));
                if (random.nextInt(50) == 0) {
                    span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)
                            .setMessage("429 rate limited"));
                }
            }
            scope.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", "support-bot"))
                        .addAttributes(kv("deployment.environment.name", "production")))
                .addScopeSpans(scope)).build().toByteArray();
    }

    private ByteString id(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return ByteString.copyFrom(b);
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static KeyValue kv(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }
}
