package org.llmobservatory.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.SpanKind;
import org.llmobservatory.storage.model.StatusCode;

/**
 * Realistic LLM spans for load: agent traces of a root step, model calls and tool calls, across
 * several services, providers and models, with about 300 bytes of JSON attributes each.
 */
public final class SyntheticSpans {

    private static final String[][] MODELS = {
        {"openai", "gpt-4o"}, {"openai", "gpt-4o-mini"}, {"anthropic", "claude-sonnet-4-5"},
        {"anthropic", "claude-haiku-4-5"}, {"gcp.gemini", "gemini-2.5-pro"}, {"mistral_ai", "mistral-large-latest"}};
    private static final String[] SERVICES = {"support-bot", "search-agent", "code-review", "summarizer"};
    private static final HexFormat HEX = HexFormat.of();

    private final SplittableRandom random;
    private final String project;

    public SyntheticSpans(long seed, String project) {
        this.random = new SplittableRandom(seed);
        this.project = project;
    }

    /** {@code count} spans, grouped in traces of 4, starting at {@code start} and spread over {@code spreadMs}. */
    public List<Span> generate(int count, Instant start, long spreadMs) {
        List<Span> spans = new ArrayList<>(count);
        String traceId = null;
        String rootId = null;
        for (int i = 0; i < count; i++) {
            Instant t = start.plusMillis(spreadMs <= 0 ? i : (long) ((double) i / count * spreadMs));
            if (i % 4 == 0) {
                traceId = id(16);
                rootId = id(8);
                spans.add(agentStep(traceId, rootId, t));
            } else if (i % 4 == 2) {
                spans.add(toolCall(traceId, rootId, t));
            } else {
                spans.add(modelCall(traceId, rootId, t));
            }
        }
        return spans;
    }

    private Span agentStep(String traceId, String spanId, Instant t) {
        String service = SERVICES[random.nextInt(SERVICES.length)];
        return base(traceId, spanId, null, "invoke_agent " + service, service, t, 2_000 + random.nextInt(6_000))
                .operation("invoke_agent").kind(SpanKind.SERVER).build();
    }

    private Span toolCall(String traceId, String parent, Instant t) {
        return base(traceId, id(8), parent, "execute_tool search_orders", SERVICES[0], t, 20 + random.nextInt(400))
                .operation("execute_tool").build();
    }

    private Span modelCall(String traceId, String parent, Instant t) {
        String[] pm = MODELS[random.nextInt(MODELS.length)];
        long in = 200 + random.nextInt(4_000);
        long out = 20 + random.nextInt(800);
        long cached = random.nextInt(4) == 0 ? in / 2 : 0;
        boolean error = random.nextInt(50) == 0;
        BigDecimal cost = BigDecimal.valueOf(in * 2.5 + out * 10.0).divide(BigDecimal.valueOf(1_000_000), 10,
                RoundingMode.HALF_UP);
        return base(traceId, id(8), parent, "chat " + pm[1], SERVICES[random.nextInt(SERVICES.length)], t,
                300 + random.nextInt(9_000))
                .kind(SpanKind.CLIENT)
                .provider(pm[0]).model(pm[1]).operation("chat")
                .inputTokens(in).outputTokens(out).totalTokens(in + out).cacheReadTokens(cached).reasoningTokens(0L)
                .costUsd(cost)
                .timeToFirstTokenMs(80 + random.nextDouble() * 900)
                .finishReason(error ? "error" : "stop")
                .statusCode(error ? StatusCode.ERROR : StatusCode.OK)
                .statusMessage(error ? "429 rate limited" : null)
                .attributes("{\"gen_ai.request.model\":\"" + pm[1] + "\",\"gen_ai.request.temperature\":0.2,"
                        + "\"gen_ai.request.max_tokens\":1024,\"gen_ai.response.id\":\"chatcmpl-" + id(12) + "\","
                        + "\"gen_ai.response.finish_reasons\":[\"stop\"],\"server.address\":\"api." + pm[0]
                        + ".example\",\"server.port\":443,\"http.response.status_code\":200,"
                        + "\"app.feature\":\"order-status\",\"app.tenant\":\"tenant-" + random.nextInt(50) + "\"}")
                .build();
    }

    private Span.Builder base(String traceId, String spanId, String parent, String name, String service, Instant t,
            long durationMs) {
        return Span.builder()
                .projectId(project)
                .traceId(traceId)
                .spanId(spanId)
                .parentSpanId(parent)
                .name(name)
                .serviceName(service)
                .startTime(t)
                .endTime(t.plusMillis(durationMs))
                .statusCode(StatusCode.OK)
                .userId("user-" + random.nextInt(1_000))
                .sessionId("session-" + random.nextInt(10_000))
                .environment("production")
                .resourceAttributes("{\"service.name\":\"" + service + "\",\"service.version\":\"1.4.2\","
                        + "\"deployment.environment.name\":\"production\",\"telemetry.sdk.language\":\"python\"}");
    }

    private String id(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HEX.formatHex(b);
    }
}
