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
 * Agent traces spread evenly over a time range, for loading a store of realistic shape: each trace is a
 * root agent step with one to four rounds of a model call followed by a tool call, so about 40% of the
 * spans carry a model. Models are not equally popular, and one trace in fifty belongs to a second, small
 * project. Traces are produced in start-time order, a chunk at a time, so millions never sit in memory.
 */
final class AgentTraces {

    static final String PROJECT = "bench";
    static final String SIDE_PROJECT = "bench-side";

    /** Provider, model and relative weight: the cheap models take most calls. */
    private static final Object[][] MODELS = {
        {"openai", "gpt-4o-mini", 30}, {"openai", "gpt-4o", 20}, {"anthropic", "claude-sonnet-4-5", 20},
        {"anthropic", "claude-haiku-4-5", 15}, {"gcp.gemini", "gemini-2.5-pro", 10},
        {"mistral_ai", "mistral-large-latest", 5}};
    private static final int WEIGHT_TOTAL = 100;
    private static final String[] SERVICES = {"support-bot", "search-agent", "code-review", "summarizer"};
    private static final String[] TOOLS = {"search_orders", "lookup_customer", "web_search", "run_sql"};
    private static final HexFormat HEX = HexFormat.of();

    private final SplittableRandom random;
    private final Instant from;
    private final long rangeMillis;
    private final long total;
    private long produced;

    /** Produces {@code total} spans (a trace may run a few over) starting between {@code from} and {@code to}. */
    AgentTraces(long seed, Instant from, Instant to, long total) {
        this.random = new SplittableRandom(seed);
        this.from = from;
        this.rangeMillis = to.toEpochMilli() - from.toEpochMilli();
        this.total = total;
    }

    static List<String> models() {
        List<String> names = new ArrayList<>();
        for (Object[] m : MODELS) {
            names.add((String) m[1]);
        }
        return names;
    }

    boolean hasMore() {
        return produced < total;
    }

    /** Spans produced so far. */
    long produced() {
        return produced;
    }

    /** The next whole traces, at least {@code spans} spans unless the total is reached first. */
    List<Span> next(int spans) {
        List<Span> out = new ArrayList<>(spans + 16);
        while (out.size() < spans && hasMore()) {
            int before = out.size();
            trace(out);
            produced += out.size() - before;
        }
        return out;
    }

    private void trace(List<Span> out) {
        // Placing each trace by the share of spans produced so far spreads the spans evenly over the range.
        Instant start = from.plusMillis((long) ((double) produced / total * rangeMillis));
        String project = random.nextInt(50) == 0 ? SIDE_PROJECT : PROJECT;
        String traceId = id(16);
        String rootId = id(8);
        String service = SERVICES[random.nextInt(SERVICES.length)];
        String user = "user-" + random.nextInt(2_000);
        String session = "session-" + random.nextInt(20_000);
        int rounds = 1 + random.nextInt(4);
        long offset = 5 + random.nextInt(40);
        boolean failed = false;
        List<Span> children = new ArrayList<>(rounds * 2);
        for (int r = 0; r < rounds; r++) {
            Span call = modelCall(project, traceId, rootId, service, user, session, start.plusMillis(offset));
            failed |= call.statusCode() == StatusCode.ERROR;
            children.add(call);
            offset += (long) call.durationMs() + 2;
            Span tool = toolCall(project, traceId, rootId, service, user, session, start.plusMillis(offset));
            children.add(tool);
            offset += (long) tool.durationMs() + 2;
        }
        out.add(base(project, traceId, rootId, null, "invoke_agent " + service, service, user, session, start,
                offset + 10)
                .kind(SpanKind.SERVER).operation("invoke_agent")
                .statusCode(failed ? StatusCode.ERROR : StatusCode.OK)
                .attributes("{\"gen_ai.agent.name\":\"" + service + "\",\"app.rounds\":" + rounds + "}")
                .build());
        out.addAll(children);
    }

    private Span modelCall(String project, String traceId, String parent, String service, String user,
            String session, Instant t) {
        Object[] m = pickModel();
        String provider = (String) m[0];
        String model = (String) m[1];
        long in = 200 + random.nextInt(6_000);
        long out = 20 + random.nextInt(900);
        long cached = random.nextInt(4) == 0 ? in / 2 : 0;
        boolean error = random.nextInt(40) == 0;
        // A long tail: most calls take one to three seconds, a few up to twenty.
        long duration = 300 + (long) (Math.pow(random.nextDouble(), 3) * 20_000) + random.nextInt(1_500);
        BigDecimal cost = BigDecimal.valueOf(in * 2.5 + out * 10.0)
                .divide(BigDecimal.valueOf(1_000_000), 10, RoundingMode.HALF_UP);
        return base(project, traceId, id(8), parent, "chat " + model, service, user, session, t, duration)
                .kind(SpanKind.CLIENT).provider(provider).model(model).operation("chat")
                .inputTokens(in).outputTokens(out).totalTokens(in + out).cacheReadTokens(cached).reasoningTokens(0L)
                .costUsd(cost)
                .timeToFirstTokenMs(80 + random.nextDouble() * 900)
                .finishReason(error ? "error" : "stop")
                .statusCode(error ? StatusCode.ERROR : StatusCode.OK)
                .statusMessage(error ? "429 rate limited" : null)
                .attributes("{\"gen_ai.request.model\":\"" + model + "\",\"gen_ai.request.temperature\":0.2,"
                        + "\"gen_ai.request.max_tokens\":1024,\"gen_ai.response.id\":\"chatcmpl-" + id(12) + "\","
                        + "\"gen_ai.response.finish_reasons\":[\"stop\"],\"server.address\":\"api." + provider
                        + ".example\",\"server.port\":443,\"app.tenant\":\"tenant-" + random.nextInt(50) + "\"}")
                .build();
    }

    private Span toolCall(String project, String traceId, String parent, String service, String user,
            String session, Instant t) {
        String tool = TOOLS[random.nextInt(TOOLS.length)];
        return base(project, traceId, id(8), parent, "execute_tool " + tool, service, user, session, t,
                15 + random.nextInt(600))
                .kind(SpanKind.INTERNAL).operation("execute_tool")
                .attributes("{\"gen_ai.tool.name\":\"" + tool + "\",\"gen_ai.tool.call.id\":\"call_" + id(6) + "\"}")
                .build();
    }

    private Span.Builder base(String project, String traceId, String spanId, String parent, String name,
            String service, String user, String session, Instant t, long durationMs) {
        return Span.builder()
                .projectId(project).traceId(traceId).spanId(spanId).parentSpanId(parent)
                .name(name).serviceName(service)
                .startTime(t).endTime(t.plusMillis(durationMs))
                .statusCode(StatusCode.OK)
                .userId(user).sessionId(session).environment("production")
                .resourceAttributes("{\"service.name\":\"" + service + "\",\"service.version\":\"1.4.2\","
                        + "\"deployment.environment.name\":\"production\",\"telemetry.sdk.language\":\"python\"}");
    }

    private Object[] pickModel() {
        int pick = random.nextInt(WEIGHT_TOTAL);
        for (Object[] m : MODELS) {
            pick -= (int) m[2];
            if (pick < 0) {
                return m;
            }
        }
        return MODELS[0];
    }

    private String id(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HEX.formatHex(b);
    }
}
