package org.llmobservatory.storage.support;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.StatusCode;

/**
 * A reproducible mix of traces for repository tests: agent runs with LLM calls and tool steps across
 * services, providers, models, users and sessions, some with errors, some with spans before the
 * window or without a root, several starting at the very same instant.
 */
public final class TraceFixture {

    public static final List<String> SERVICES = List.of("chat-api", "search-api", "billing");
    public static final List<String> PROVIDERS = List.of("openai", "anthropic");
    public static final List<String> MODELS = List.of("gpt-4o", "gpt-4o-mini", "claude-sonnet");
    public static final List<String> OPERATIONS = List.of("chat", "embeddings");
    public static final List<String> USERS = List.of("user-1", "user-2", "user-3", "user-4");
    public static final List<String> SESSIONS = List.of("session-a", "session-b", "session-c");

    private TraceFixture() {
    }

    /**
     * {@code traces} traces of {@code project} starting in the hour after {@code from}, plus, for
     * contrast, spans of the same traces before {@code from} and a trace of another project.
     */
    public static List<Span> generate(String project, Instant from, int traces, long seed) {
        Random random = new Random(seed);
        List<Span> spans = new ArrayList<>();
        Instant sharedStart = from.plusSeconds(1800);
        for (int t = 0; t < traces; t++) {
            String traceId = Spans.traceId();
            // Every fifth trace starts at the same instant, so paging must break ties by trace id.
            Instant start = t % 5 == 0 ? sharedStart : from.plusMillis(random.nextInt(3_500_000));
            String service = pick(random, SERVICES);
            boolean rootless = t % 7 == 3;
            Span root = Spans.step(project, traceId, "agent " + t, rootless ? from.minusSeconds(60) : start,
                            rootless ? 30_000 : 5_000 + random.nextInt(20_000))
                    .serviceName(service).build();
            spans.add(root);
            int calls = 1 + random.nextInt(3);
            for (int c = 0; c < calls; c++) {
                spans.add(llmCall(random, project, traceId, root.spanId(), start.plusMillis(10 + 100L * c), service));
            }
            if (random.nextBoolean()) {
                spans.add(Spans.step(project, traceId, "tool lookup", start.plusMillis(5), 1 + random.nextInt(200))
                        .parentSpanId(root.spanId()).serviceName(pick(random, SERVICES))
                        .statusCode(random.nextInt(6) == 0 ? StatusCode.ERROR : StatusCode.OK).build());
            }
        }
        String otherTrace = Spans.traceId();
        spans.add(Spans.llmCall("other-" + project, otherTrace, from.plusSeconds(10), 500).build());
        return spans;
    }

    private static Span llmCall(Random random, String project, String traceId, String parent, Instant start,
            String service) {
        long input = 10 + random.nextInt(5000);
        long output = 1 + random.nextInt(2000);
        boolean withoutCost = random.nextInt(8) == 0;
        return Spans.llmCall(project, traceId, start, 50 + random.nextInt(8000))
                .parentSpanId(parent)
                .serviceName(random.nextInt(4) == 0 ? pick(random, SERVICES) : service)
                .provider(pick(random, PROVIDERS))
                .model(pick(random, MODELS))
                .operation(pick(random, OPERATIONS))
                .userId(random.nextInt(5) == 0 ? null : pick(random, USERS))
                .sessionId(pick(random, SESSIONS))
                .statusCode(random.nextInt(5) == 0 ? StatusCode.ERROR : StatusCode.OK)
                .inputTokens(input)
                .outputTokens(output)
                .totalTokens(input + output)
                .cacheReadTokens((long) random.nextInt(100))
                .reasoningTokens((long) random.nextInt(50))
                .costUsd(withoutCost ? null : BigDecimal.valueOf(random.nextInt(1_000_000), 7))
                .timeToFirstTokenMs(random.nextInt(3) == 0 ? null : 20.0 + random.nextInt(900))
                .build();
    }

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
