package org.llmobservatory.storage.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.support.RecordingQueryObserver;
import org.llmobservatory.storage.support.Spans;
import org.llmobservatory.storage.support.TelemetryLoader;
import org.llmobservatory.storage.support.TestServers;

/** A trace's outline (its tree without the large values) and one span read whole, as a trace explorer uses them. */
class TraceOutlineTest {

    private static final String PROJECT = "outlines";
    private static final Instant T0 = Instant.parse("2031-05-02T08:00:00Z");

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
    void the_outline_keeps_the_tree_timing_models_tokens_and_cost_but_not_the_large_values() {
        String trace = Spans.traceId();
        Span agent = Spans.step(PROJECT, trace, "agent", T0, 5_000).attributes("{\"step\": 1}").build();
        Span call = full(trace, T0.plusMillis(200)).parentSpanId(agent.spanId()).build();
        loader.spans(List.of(agent, call));

        TraceTree whole = traces.trace(PROJECT, trace).orElseThrow();
        TraceTree outline = traces.outline(PROJECT, trace, null).orElseThrow();

        assertThat(outline.summary()).usingRecursiveComparison()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class).isEqualTo(whole.summary());
        assertThat(outline.roots()).extracting(n -> n.span().name()).containsExactly("agent");
        Span read = outline.roots().get(0).children().get(0).span();
        assertThat(read).usingRecursiveComparison()
                .ignoringFields("attributes", "resourceAttributes", "events", "links", "statusMessage",
                        "inputContent", "outputContent")
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class).isEqualTo(call);
        assertThat(read).extracting(Span::attributes, Span::resourceAttributes, Span::events, Span::links,
                Span::statusMessage, Span::inputContent, Span::outputContent)
                .containsExactly("{}", "{}", "[]", "[]", null, null, null);
        assertThat(observer.completed.get(observer.completed.size() - 1))
                .extracting(c -> c.method(), c -> c.resultCount()).containsExactly("get_trace_outline", 2);
    }

    @Test
    void one_span_comes_back_whole_within_its_hint_and_its_project() {
        String trace = Spans.traceId();
        Span call = full(trace, T0.plusSeconds(3_600)).build();
        Span other = Spans.llmCall(PROJECT, trace, T0.plusSeconds(3_601), 10).build();
        loader.spans(List.of(call, other));

        Span read = traces.span(PROJECT, trace, call.spanId().toUpperCase(), null).orElseThrow();

        assertThat(read).usingRecursiveComparison().ignoringFields("attributes", "resourceAttributes", "events")
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class).isEqualTo(call);
        assertThat(read.attributes()).contains("\"gen_ai.request.temperature\": 0.2");
        assertThat(read.resourceAttributes()).contains("chat-api");
        assertThat(read.events()).contains("first_token");
        assertThat(observer.completed.get(observer.completed.size() - 1))
                .extracting(c -> c.method(), c -> c.resultCount()).containsExactly("get_span", 1);
        assertThat(traces.span(PROJECT, trace, other.spanId(), null).orElseThrow().startTime())
                .isEqualTo(other.startTime());
        TimeRange around = TimeRange.of(T0.plusSeconds(3_500), T0.plusSeconds(3_700));
        assertThat(traces.span(PROJECT, trace, call.spanId(), around)).isPresent();
        assertThat(traces.span(PROJECT, trace, call.spanId(), TimeRange.of(T0, T0.plusSeconds(60)))).isEmpty();
        assertThat(traces.span("another-project", trace, call.spanId(), null)).isEmpty();
        assertThat(traces.span(PROJECT, Spans.traceId(), call.spanId(), null)).isEmpty();
        assertThat(observer.completed.get(observer.completed.size() - 1))
                .extracting(c -> c.method(), c -> c.resultCount()).containsExactly("get_span", 0);
    }

    @Test
    void a_span_lookup_needs_hex_ids() {
        String trace = Spans.traceId();
        assertThatThrownBy(() -> traces.span(PROJECT, trace, " ", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spanId");
        assertThatThrownBy(() -> traces.span(PROJECT, trace, "xyz1", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spanId must be hex digits");
        assertThatThrownBy(() -> traces.outline(PROJECT, "not-hex", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("traceId");
    }

    private static Span.Builder full(String trace, Instant start) {
        return Spans.llmCall(PROJECT, trace, start, 1234)
                .attributes("{\"gen_ai.request.temperature\": 0.2}")
                .resourceAttributes("{\"service.name\": \"chat-api\"}")
                .events("[{\"name\": \"first_token\"}]")
                .statusMessage("fine")
                .inputContent("question")
                .outputContent("answer")
                .costUsd(new BigDecimal("0.0012345678"));
    }
}
