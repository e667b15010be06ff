package org.llmobservatory.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.model.Span;

class AgentTracesTest {

    private static final Instant TO = Instant.parse("2026-12-02T12:00:00Z");
    private static final Instant FROM = TO.minus(Duration.ofDays(30));
    private static final String FIRST_SPANS_OF_SEED_1000 =
            "32060591f7d54d3e9e0398d00190b16b0583e5f863577beb621ed165a38d3714";

    @Test
    void the_same_seed_gives_the_same_spans_whatever_the_chunk_size() {
        List<Span> bigChunks = drain(new AgentTraces(3, FROM, TO, 5_000), 1_000);
        List<Span> smallChunks = drain(new AgentTraces(3, FROM, TO, 5_000), 7);

        assertThat(smallChunks).isEqualTo(bigChunks);
        assertThat(drain(new AgentTraces(4, FROM, TO, 5_000), 1_000)).isNotEqualTo(bigChunks);
    }

    @Test
    void chunks_are_whole_traces_in_start_order_over_the_range() {
        AgentTraces traces = new AgentTraces(5, FROM, TO, 20_000);
        Span root = null;
        Set<String> traceIds = new HashSet<>();
        while (traces.hasMore()) {
            List<Span> chunk = traces.next(1_000);
            assertThat(chunk.size() >= 1_000 || !traces.hasMore()).as("a chunk is short only at the end").isTrue();
            assertThat(chunk.getFirst().isRoot()).as("a chunk starts with a trace's root").isTrue();
            for (Span span : chunk) {
                if (span.isRoot()) {
                    assertThat(span.startTime()).isAfterOrEqualTo(root == null ? FROM : root.startTime()).isBefore(TO);
                    assertThat(traceIds.add(span.traceId())).as("trace ids are unique").isTrue();
                    root = span;
                } else {
                    assertThat(span.traceId()).isEqualTo(root.traceId());
                    assertThat(span.parentSpanId()).isEqualTo(root.spanId());
                    assertThat(span.startTime()).isAfter(root.startTime());
                    assertThat(span.endTime()).isBefore(root.endTime());
                }
            }
        }
        assertThat(traces.produced()).isBetween(20_000L, 20_008L);
        assertThat(root.startTime()).isAfter(TO.minus(Duration.ofHours(1)));
    }

    @Test
    void a_sixth_are_agent_steps_the_rest_model_calls_and_tool_calls_in_equal_number() {
        List<Span> spans = AgentTraces.hourBefore(TO, 9, 60_000);
        long roots = spans.stream().filter(Span::isRoot).count();
        long sideRoots = spans.stream().filter(s -> s.isRoot() && s.projectId().equals(AgentTraces.SIDE_PROJECT))
                .count();
        List<Span> calls = spans.stream().filter(s -> "chat".equals(s.operation())).toList();
        long tools = spans.stream().filter(s -> "execute_tool".equals(s.operation())).count();

        assertThat(spans).allSatisfy(s -> {
            assertThat(s.startTime()).isAfterOrEqualTo(TO.minus(Duration.ofHours(1)));
            assertThat(s.endTime()).isBeforeOrEqualTo(TO);
        });
        assertThat(share(roots, spans.size())).isBetween(0.15, 0.18);
        assertThat(share(calls.size(), spans.size())).isBetween(0.40, 0.44);
        assertThat(tools).isEqualTo(calls.size());
        assertThat(share(sideRoots, roots)).as("traces in the side project").isBetween(0.01, 0.03);
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.provider()).isNotNull();
            assertThat(call.inputTokens()).isPositive();
            assertThat(call.outputTokens()).isPositive();
            assertThat(call.costUsd()).isEqualTo(ModelMix.cost(call.inputTokens(), call.outputTokens()));
        });
        assertThat(calls.stream().map(Span::model).distinct())
                .containsExactlyInAnyOrderElementsOf(AgentTraces.models());
        double attributeBytes = calls.stream().mapToInt(s -> s.attributes().getBytes(StandardCharsets.UTF_8).length)
                .average().orElseThrow();
        assertThat(attributeBytes).as("JSON attributes of a model call").isBetween(270.0, 330.0);
    }

    /**
     * The query figures in docs/BENCHMARKS.md were measured on these spans: a digest of the first spans the
     * query benchmark's first load step writes, as the generator of 0196eff produced them.
     */
    @Test
    void the_query_load_gets_the_spans_its_figures_were_measured_on() throws Exception {
        AgentTraces traces = new AgentTraces(1_000, FROM, TO, 1_000_000);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (Span span : traces.next(20_000)) {
            digest.update(span.toString().getBytes(StandardCharsets.UTF_8));
        }
        assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(FIRST_SPANS_OF_SEED_1000);
    }

    private static double share(long part, long whole) {
        return (double) part / whole;
    }

    private static List<Span> drain(AgentTraces traces, int chunk) {
        List<Span> all = new ArrayList<>();
        while (traces.hasMore()) {
            all.addAll(traces.next(chunk));
        }
        return all;
    }
}
