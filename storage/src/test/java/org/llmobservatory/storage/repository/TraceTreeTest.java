package org.llmobservatory.storage.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.StatusCode;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.support.RecordingQueryObserver;
import org.llmobservatory.storage.support.Spans;
import org.llmobservatory.storage.support.TelemetryLoader;
import org.llmobservatory.storage.support.TestServers;

class TraceTreeTest {

    private static final String PROJECT = "trees";
    private static final Instant T0 = Instant.parse("2031-04-02T08:00:00Z");

    private static StoragePool pool;
    private static TelemetryLoader loader;
    private static final RecordingQueryObserver observer = new RecordingQueryObserver();
    private static TraceRepository traces;

    @BeforeAll
    static void start() {
        pool = TestServers.freshDatabase().migratedPool();
        loader = new TelemetryLoader(pool);
        traces = new TraceRepository(pool, observer);
    }

    @AfterAll
    static void stop() {
        loader.close();
        pool.close();
    }

    @Test
    void a_trace_comes_back_as_a_tree_with_children_in_start_order() {
        String trace = Spans.traceId();
        Span root = Spans.step(PROJECT, trace, "agent run", T0, 10_000).build();
        Span plan = Spans.llmCall(PROJECT, trace, T0.plusMillis(100), 800).parentSpanId(root.spanId()).build();
        Span tool = Spans.step(PROJECT, trace, "tool search", T0.plusMillis(1000), 300).parentSpanId(root.spanId())
                .statusCode(StatusCode.ERROR).build();
        Span answer = Spans.llmCall(PROJECT, trace, T0.plusMillis(1500), 2000).parentSpanId(root.spanId())
                .model("claude-sonnet").provider("anthropic").build();
        Span retry = Spans.llmCall(PROJECT, trace, T0.plusMillis(1100), 100).parentSpanId(tool.spanId()).build();
        // Written out of order: the tree must not depend on arrival order.
        loader.spans(List.of(answer, retry, root, tool, plan));

        TraceTree tree = traces.trace(PROJECT, trace).orElseThrow();

        assertThat(tree.roots()).hasSize(1);
        SpanNode top = tree.roots().get(0);
        assertThat(top.span().spanId()).isEqualTo(root.spanId());
        assertThat(top.children()).extracting(TraceTreeTest::id)
                .containsExactly(plan.spanId(), tool.spanId(), answer.spanId());
        assertThat(top.children().get(1).children()).extracting(TraceTreeTest::id).containsExactly(retry.spanId());
        assertThat(top.children().get(0).children()).isEmpty();

        TraceSummary totals = tree.summary();
        assertThat(totals.traceId()).isEqualTo(trace);
        assertThat(totals.rootName()).isEqualTo("agent run");
        assertThat(totals.spanCount()).isEqualTo(5);
        assertThat(totals.errorCount()).isEqualTo(1);
        assertThat(totals.inputTokens()).isEqualTo(300);
        assertThat(totals.outputTokens()).isEqualTo(150);
        assertThat(totals.totalTokens()).isEqualTo(450);
        assertThat(totals.costUsd()).isEqualByComparingTo(new BigDecimal("0.003"));
        assertThat(totals.models()).containsExactly("claude-sonnet", "gpt-4o");
        assertThat(totals.durationMs()).isEqualTo(10_000.0);
    }

    @Test
    void a_trace_tree_returns_every_stored_field_of_its_spans() {
        String trace = Spans.traceId();
        Span full = Spans.llmCall(PROJECT, trace, T0.plusNanos(123_456_000), 1234)
                .attributes("{\"gen_ai.request.temperature\": 0.2}")
                .resourceAttributes("{\"service.name\": \"chat-api\"}")
                .events("[{\"name\": \"first_token\"}]")
                .statusMessage("fine")
                .inputContent("question")
                .outputContent("answer")
                .costUsd(new BigDecimal("0.0012345678"))
                .build();
        loader.spans(List.of(full));

        Span read = traces.trace(PROJECT, trace).orElseThrow().roots().get(0).span();

        assertThat(read).usingRecursiveComparison().ignoringFields("attributes", "resourceAttributes", "events")
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class).isEqualTo(full);
        assertThat(read.attributes()).contains("\"gen_ai.request.temperature\": 0.2");
        assertThat(read.events()).contains("first_token");
    }

    @Test
    void spans_whose_parent_is_missing_become_roots() {
        String trace = Spans.traceId();
        Span orphanLate = Spans.llmCall(PROJECT, trace, T0.plusMillis(500), 100)
                .parentSpanId("feedfeedfeedfeed").build();
        Span orphanEarly = Spans.step(PROJECT, trace, "handler", T0.plusMillis(200), 900)
                .parentSpanId("0000000000000001").build();
        Span child = Spans.step(PROJECT, trace, "db", T0.plusMillis(300), 50)
                .parentSpanId(orphanEarly.spanId()).build();
        loader.spans(List.of(orphanLate, child, orphanEarly));

        TraceTree tree = traces.trace(PROJECT, trace).orElseThrow();

        assertThat(tree.roots()).extracting(TraceTreeTest::id)
                .containsExactly(orphanEarly.spanId(), orphanLate.spanId());
        assertThat(tree.roots().get(0).children()).extracting(TraceTreeTest::id).containsExactly(child.spanId());
        assertThat(tree.summary().rootName()).as("no parentless span: the earliest names the trace")
                .isEqualTo("handler");
    }

    @Test
    void a_parent_cycle_is_broken_so_no_span_is_lost() {
        String trace = Spans.traceId();
        String a = Spans.spanId();
        String b = Spans.spanId();
        Span first = Spans.step(PROJECT, trace, "a", T0.plusMillis(10), 10).spanId(a).parentSpanId(b).build();
        Span second = Spans.step(PROJECT, trace, "b", T0.plusMillis(20), 10).spanId(b).parentSpanId(a).build();
        loader.spans(List.of(first, second));

        TraceTree tree = traces.trace(PROJECT, trace).orElseThrow();

        assertThat(tree.roots()).extracting(TraceTreeTest::id).containsExactly(first.spanId());
        assertThat(tree.roots().get(0).children()).extracting(TraceTreeTest::id).containsExactly(second.spanId());
        assertThat(tree.roots().get(0).children().get(0).children()).isEmpty();
    }

    @Test
    void a_very_deep_trace_is_assembled_without_overflowing_the_stack() {
        String trace = Spans.traceId();
        List<Span> chain = new ArrayList<>();
        String parent = null;
        for (int i = 0; i < 5_000; i++) {
            Span s = Spans.step(PROJECT, trace, "level " + i, T0.plusMillis(i), 1).parentSpanId(parent).build();
            chain.add(s);
            parent = s.spanId();
        }
        loader.spans(chain);

        TraceTree tree = traces.trace(PROJECT, trace).orElseThrow();

        int depth = 0;
        for (SpanNode n = tree.roots().get(0); n != null; n = n.children().isEmpty() ? null : n.children().get(0)) {
            assertThat(n.span().name()).isEqualTo("level " + depth);
            depth++;
        }
        assertThat(depth).isEqualTo(5_000);
    }

    @Test
    void the_time_hint_reads_only_spans_inside_it_and_an_unknown_trace_is_empty() {
        String trace = Spans.traceId();
        Span today = Spans.step(PROJECT, trace, "today", T0, 10).build();
        Span tomorrow = Spans.step(PROJECT, trace, "tomorrow", T0.plusSeconds(86_400), 10).parentSpanId(today.spanId())
                .build();
        loader.spans(List.of(today, tomorrow));

        assertThat(traces.trace(PROJECT, trace).orElseThrow().summary().spanCount()).isEqualTo(2);
        TraceTree hinted = traces.trace(PROJECT, trace, TimeRange.of(T0.minusSeconds(60), T0.plusSeconds(60)))
                .orElseThrow();
        assertThat(hinted.roots()).extracting(n -> n.span().name()).containsExactly("today");
        assertThat(hinted.roots().get(0).children()).isEmpty();
        assertThat(traces.trace(PROJECT, Spans.traceId())).isEmpty();
        assertThat(traces.trace("another-project", trace)).isEmpty();
    }

    @Test
    void the_observer_hears_get_trace_with_the_span_count() {
        String trace = Spans.traceId();
        loader.spans(List.of(Spans.llmCall(PROJECT, trace, T0, 10).build(),
                Spans.llmCall(PROJECT, trace, T0, 20).build()));

        traces.trace(PROJECT, trace);
        traces.trace(PROJECT, Spans.traceId());

        List<RecordingQueryObserver.Completed> calls = observer.completed;
        assertThat(calls.get(calls.size() - 2)).extracting(c -> c.method(), c -> c.resultCount())
                .containsExactly("get_trace", 2);
        assertThat(calls.get(calls.size() - 1)).extracting(c -> c.method(), c -> c.resultCount())
                .containsExactly("get_trace", 0);
    }

    private static String id(SpanNode node) {
        return node.span().spanId();
    }

    @Test
    void a_trace_lookup_needs_a_project_and_a_trace_id() {
        assertThatThrownBy(() -> traces.trace(PROJECT, " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("traceId");
        assertThatThrownBy(() -> traces.trace(null, "abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("projectId");
    }
}
