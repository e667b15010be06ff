package org.llmobservatory.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.SpanKind;
import org.llmobservatory.storage.model.StatusCode;

/**
 * The benchmarks' realistic LLM spans: agent traces spread evenly over a time range, loaded into the query
 * store, written by the ingest variants and, encoded by {@link OtlpExport}, sent over OTLP. Each trace is a
 * root agent step with one to four rounds of a model call followed by a tool call: three to nine spans, six on
 * average, so a sixth are agent steps and about 42% model calls and 42% tool calls. Models are not equally
 * popular ({@link ModelMix}), one model call in forty is refused with 429, and one trace in fifty belongs to a
 * second, small project. Model calls carry about 290 bytes of JSON attributes; every span carries its
 * service's resource (about 130 bytes). Traces are produced in start-time order, a chunk at a time, so millions
 * never sit in memory; the same seed, range and total give the same spans, draw for draw those the query
 * figures in docs/BENCHMARKS.md were measured on.
 */
public final class AgentTraces {

    static final String PROJECT = "bench";
    static final String SIDE_PROJECT = "bench-side";

    private static final int MAX_ROUNDS = 4;
    /** Four model calls of at most 21.8 s and four tool calls of at most 0.6 s, with the gaps between them. */
    static final Duration LONGEST_TRACE = Duration.ofSeconds(90);
    private static final String[] SERVICES = {"support-bot", "search-agent", "code-review", "summarizer"};
    private static final String[] TOOLS = {"search_orders", "lookup_customer", "web_search", "run_sql"};
    private static final HexFormat HEX = HexFormat.of();

    /** What every span of one trace shares: where it is stored, which trace, which agent, for whom. */
    private record Turn(String project, String traceId, String rootId, String service, String user, String session) {
    }

    private final SplittableRandom random;
    private final Instant from;
    private final long rangeMillis;
    private final long total;
    private long produced;

    /** Produces {@code total} spans (the last trace may run a few over) from {@code from} to {@code to}. */
    public AgentTraces(long seed, Instant from, Instant to, long total) {
        this.random = new SplittableRandom(seed);
        this.from = from;
        this.rangeMillis = to.toEpochMilli() - from.toEpochMilli();
        this.total = total;
    }

    /**
     * The spans of traces spread over the hour before {@code now}, the last ones ending shortly before it:
     * {@code spans}, or a few more to end the last trace.
     */
    public static List<Span> hourBefore(Instant now, long seed, int spans) {
        return new AgentTraces(seed, now.minus(Duration.ofHours(1)), now.minus(LONGEST_TRACE), spans).next(spans);
    }

    /** The models the model calls name, most popular first. */
    static List<String> models() {
        return ModelMix.names();
    }

    public boolean hasMore() {
        return produced < total;
    }

    /** Spans produced so far. */
    public long produced() {
        return produced;
    }

    /** The next whole traces, at least {@code spans} spans unless the total is reached first. */
    public List<Span> next(int spans) {
        List<Span> out = new ArrayList<>(spans + 2 * MAX_ROUNDS);
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
        Turn turn = new Turn(random.nextInt(50) == 0 ? SIDE_PROJECT : PROJECT, id(16), id(8),
                SERVICES[random.nextInt(SERVICES.length)], "user-" + random.nextInt(2_000),
                "session-" + random.nextInt(20_000));
        int rounds = 1 + random.nextInt(MAX_ROUNDS);
        long offset = 5 + random.nextInt(40);
        boolean failed = false;
        List<Span> children = new ArrayList<>(2 * rounds);
        for (int round = 0; round < rounds; round++) {
            Span call = modelCall(turn, start.plusMillis(offset));
            failed |= call.statusCode() == StatusCode.ERROR;
            children.add(call);
            offset += (long) call.durationMs() + 2;
            Span tool = toolCall(turn, start.plusMillis(offset));
            children.add(tool);
            offset += (long) tool.durationMs() + 2;
        }
        out.add(span(turn, turn.rootId(), null, "invoke_agent " + turn.service(), start, offset + 10)
                .kind(SpanKind.SERVER).operation("invoke_agent")
                .statusCode(failed ? StatusCode.ERROR : StatusCode.OK)
                .attributes("{\"gen_ai.agent.name\":\"" + turn.service() + "\",\"app.rounds\":" + rounds + "}")
                .build());
        out.addAll(children);
    }

    private Span modelCall(Turn turn, Instant t) {
        ModelMix.Model model = ModelMix.pick(random);
        long in = 200 + random.nextInt(6_000);
        long out = 20 + random.nextInt(900);
        long cached = random.nextInt(4) == 0 ? in / 2 : 0;
        boolean refused = random.nextInt(40) == 0;
        // A long tail: most calls take one to three seconds, a few up to twenty.
        long duration = 300 + (long) (Math.pow(random.nextDouble(), 3) * 20_000) + random.nextInt(1_500);
        return span(turn, id(8), turn.rootId(), "chat " + model.name(), t, duration)
                .kind(SpanKind.CLIENT).provider(model.provider()).model(model.name()).operation("chat")
                .inputTokens(in).outputTokens(out).totalTokens(in + out).cacheReadTokens(cached).reasoningTokens(0L)
                .costUsd(ModelMix.cost(in, out))
                .timeToFirstTokenMs(80 + random.nextDouble() * 900)
                .finishReason(refused ? "error" : "stop")
                .statusCode(refused ? StatusCode.ERROR : StatusCode.OK)
                .statusMessage(refused ? "429 rate limited" : null)
                // The attribute names the reason "stop" even on a refused call (the column says "error").
                .attributes("{\"gen_ai.request.model\":\"" + model.name() + "\",\"gen_ai.request.temperature\":0.2,"
                        + "\"gen_ai.request.max_tokens\":1024,\"gen_ai.response.id\":\"chatcmpl-" + id(12) + "\","
                        + "\"gen_ai.response.finish_reasons\":[\"stop\"],\"server.address\":\"api."
                        + model.provider() + ".example\",\"server.port\":443,\"app.tenant\":\"tenant-"
                        + random.nextInt(50) + "\"}")
                .build();
    }

    private Span toolCall(Turn turn, Instant t) {
        String tool = TOOLS[random.nextInt(TOOLS.length)];
        return span(turn, id(8), turn.rootId(), "execute_tool " + tool, t, 15 + random.nextInt(600))
                .kind(SpanKind.INTERNAL).operation("execute_tool")
                .attributes("{\"gen_ai.tool.name\":\"" + tool + "\",\"gen_ai.tool.call.id\":\"call_" + id(6) + "\"}")
                .build();
    }

    private static Span.Builder span(Turn turn, String spanId, String parent, String name, Instant t, long durationMs) {
        return Span.builder()
                .projectId(turn.project()).traceId(turn.traceId()).spanId(spanId).parentSpanId(parent)
                .name(name).serviceName(turn.service())
                .startTime(t).endTime(t.plusMillis(durationMs))
                .statusCode(StatusCode.OK)
                .userId(turn.user()).sessionId(turn.session()).environment("production")
                .resourceAttributes("{\"service.name\":\"" + turn.service() + "\",\"service.version\":\"1.4.2\","
                        + "\"deployment.environment.name\":\"production\",\"telemetry.sdk.language\":\"python\"}");
    }

    private String id(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HEX.formatHex(b);
    }
}
