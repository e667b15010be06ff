package org.llmobservatory.storage.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.StatusCode;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.query.RepositoryKind;
import org.llmobservatory.storage.support.RecordingQueryObserver;
import org.llmobservatory.storage.support.TelemetryLoader;
import org.llmobservatory.storage.support.TestServers;
import org.llmobservatory.storage.support.TraceFixture;

class TraceListTest {

    static final String PROJECT = "traces";
    static final Instant FROM = Instant.parse("2031-04-01T10:00:00Z");
    static final TimeRange WINDOW = TimeRange.of(FROM, FROM.plusSeconds(3600));

    private static final RecursiveComparisonConfiguration AMOUNTS_BY_VALUE = RecursiveComparisonConfiguration
            .builder().withComparatorForType(BigDecimal::compareTo, BigDecimal.class).build();

    private static StoragePool pool;
    private static List<Span> written;
    private static final RecordingQueryObserver observer = new RecordingQueryObserver();
    private static TraceRepository traces;

    @BeforeAll
    static void start() {
        pool = TestServers.freshDatabase().migratedPool();
        written = TraceFixture.generate(PROJECT, FROM, 60, 42);
        try (TelemetryLoader loader = new TelemetryLoader(pool)) {
            loader.spans(written);
        }
        traces = new TraceRepository(pool, observer);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @Test
    void list_traces_summarises_each_trace_over_its_spans_in_the_window() {
        List<TraceSummary> expected = ExpectedTraces.of(written, PROJECT, WINDOW, spans -> true);

        Page<TraceSummary> page = traces.listTraces(TraceQuery.builder(PROJECT, WINDOW).limit(1000).build());

        assertThat(expected).hasSize(60);
        assertThat(page.nextCursor()).isEmpty();
        assertThat(page.items()).usingRecursiveFieldByFieldElementComparator(AMOUNTS_BY_VALUE)
                .containsExactlyElementsOf(expected);
    }

    @Test
    void a_trace_whose_root_lies_before_the_window_is_named_after_its_earliest_span_in_it() {
        Span root = written.stream().filter(s -> s.isRoot() && s.startTime().isBefore(FROM)).findFirst().orElseThrow();
        Span earliestInside = written.stream()
                .filter(s -> s.traceId().equals(root.traceId()) && !s.startTime().isBefore(FROM))
                .min(Comparator.comparing(Span::startTime)).orElseThrow();

        TraceSummary summary = traces.listTraces(TraceQuery.builder(PROJECT, WINDOW).limit(1000).build()).items()
                .stream().filter(t -> t.traceId().equals(root.traceId())).findFirst().orElseThrow();

        assertThat(summary.rootName()).isEqualTo(earliestInside.name()).isNotEqualTo(root.name());
        assertThat(summary.startTime()).isEqualTo(earliestInside.startTime());
    }

    @Test
    void list_traces_pages_without_gaps_or_repeats() {
        List<TraceSummary> expected = ExpectedTraces.of(written, PROJECT, WINDOW, spans -> true);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<TraceSummary> page = traces.listTraces(
                    TraceQuery.builder(PROJECT, WINDOW).limit(7).cursor(cursor).build());
            assertThat(page.items()).hasSizeLessThanOrEqualTo(7).isNotEmpty();
            page.items().forEach(t -> seen.add(t.traceId()));
            cursor = page.nextCursor().orElse(null);
            pages++;
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(expected.stream().map(TraceSummary::traceId).toList());
        assertThat(pages).isEqualTo((expected.size() + 6) / 7);
    }

    @Test
    void filtered_lists_page_without_gaps_or_repeats() {
        List<String> expected = ExpectedTraces.of(written, PROJECT, WINDOW,
                ExpectedTraces.anyEquals(Span::model, "claude-sonnet")).stream().map(TraceSummary::traceId).toList();
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Page<TraceSummary> page = traces.listTraces(TraceQuery.builder(PROJECT, WINDOW)
                    .model("claude-sonnet").limit(4).cursor(cursor).build());
            page.items().forEach(t -> seen.add(t.traceId()));
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);

        assertThat(expected).hasSizeGreaterThan(8);
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                filter("service", b -> b.serviceName("search-api"),
                        ExpectedTraces.anyEquals(Span::serviceName, "search-api")),
                filter("provider", b -> b.provider("anthropic"), ExpectedTraces.anyEquals(Span::provider, "anthropic")),
                filter("model", b -> b.model("gpt-4o-mini"), ExpectedTraces.anyEquals(Span::model, "gpt-4o-mini")),
                filter("operation", b -> b.operation("embeddings"),
                        ExpectedTraces.anyEquals(Span::operation, "embeddings")),
                filter("user", b -> b.userId("user-2"), ExpectedTraces.anyEquals(Span::userId, "user-2")),
                filter("session", b -> b.sessionId("session-b"),
                        ExpectedTraces.anyEquals(Span::sessionId, "session-b")),
                filter("status error", b -> b.status(StatusCode.ERROR), ExpectedTraces::hasError),
                filter("status ok", b -> b.status(StatusCode.OK), spans -> !ExpectedTraces.hasError(spans)),
                filter("min duration", b -> b.minDurationMs(medianDuration()),
                        spans -> ExpectedTraces.durationMs(spans) >= medianDuration()),
                filter("min cost", b -> b.minCostUsd(medianCost()),
                        spans -> ExpectedTraces.cost(spans).compareTo(medianCost()) >= 0),
                filter("service and model and user", b -> b.serviceName("chat-api").model("gpt-4o").userId("user-1"),
                        ExpectedTraces.anyEquals(Span::serviceName, "chat-api")
                                .and(ExpectedTraces.anyEquals(Span::model, "gpt-4o"))
                                .and(ExpectedTraces.anyEquals(Span::userId, "user-1"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void each_filter_keeps_exactly_the_traces_with_a_matching_span(String name,
            UnaryOperator<TraceQuery.Builder> filter, Predicate<List<Span>> matches) {
        List<TraceSummary> all = ExpectedTraces.of(written, PROJECT, WINDOW, spans -> true);
        List<TraceSummary> expected = ExpectedTraces.of(written, PROJECT, WINDOW, matches);

        Page<TraceSummary> page = traces.listTraces(
                filter.apply(TraceQuery.builder(PROJECT, WINDOW).limit(1000)).build());

        assertThat(expected).as("the data has matching traces").isNotEmpty();
        assertThat(expected).as("the data has traces that do not match").hasSizeLessThan(all.size());
        assertThat(page.items()).usingRecursiveFieldByFieldElementComparator(AMOUNTS_BY_VALUE)
                .containsExactlyElementsOf(expected);
    }

    @Test
    void a_trace_tree_has_the_same_totals_as_its_line_in_the_list() {
        List<TraceSummary> listed = traces.listTraces(TraceQuery.builder(PROJECT, WINDOW).limit(1000).build()).items();
        List<TraceSummary> wholeTraces = listed.stream()
                .filter(t -> written.stream().noneMatch(s -> s.traceId().equals(t.traceId())
                        && s.startTime().isBefore(FROM)))
                .limit(10).toList();

        assertThat(wholeTraces).hasSize(10);
        for (TraceSummary line : wholeTraces) {
            TraceSummary tree = traces.trace(PROJECT, line.traceId()).orElseThrow().summary();
            assertThat(tree).usingRecursiveComparison(AMOUNTS_BY_VALUE).isEqualTo(line);
        }
    }

    @Test
    void traces_of_other_projects_and_outside_the_window_are_not_listed() {
        TimeRange later = TimeRange.of(WINDOW.to(), WINDOW.to().plusSeconds(3600));

        assertThat(traces.listTraces(TraceQuery.builder(PROJECT, later).build()).items()).isEmpty();
        assertThat(traces.listTraces(TraceQuery.builder("other-" + PROJECT, WINDOW).build()).items()).hasSize(1);
        assertThat(traces.listTraces(TraceQuery.builder("nobody", WINDOW).build()).items()).isEmpty();
    }

    @Test
    void the_observer_hears_each_listing_with_its_result_count() {
        traces.listTraces(TraceQuery.builder(PROJECT, WINDOW).limit(5).build());

        RecordingQueryObserver.Completed last = observer.completed.get(observer.completed.size() - 1);
        assertThat(last.repository()).isEqualTo(RepositoryKind.TRACE);
        assertThat(last.method()).isEqualTo("list_traces");
        assertThat(last.resultCount()).isEqualTo(5);
        assertThat(last.nanos()).isPositive();
    }

    private static Arguments filter(String name, UnaryOperator<TraceQuery.Builder> filter,
            Predicate<List<Span>> matches) {
        return Arguments.of(name, filter, matches);
    }

    private static double medianDuration() {
        List<Double> durations = ExpectedTraces.of(written, PROJECT, WINDOW, s -> true).stream()
                .map(TraceSummary::durationMs).sorted().toList();
        return durations.get(durations.size() / 2);
    }

    private static BigDecimal medianCost() {
        List<BigDecimal> costs = ExpectedTraces.of(written, PROJECT, WINDOW, s -> true).stream()
                .map(TraceSummary::costUsd).sorted().toList();
        return costs.get(costs.size() / 2);
    }
}
