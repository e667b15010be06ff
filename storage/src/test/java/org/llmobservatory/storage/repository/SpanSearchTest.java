package org.llmobservatory.storage.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
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
import org.llmobservatory.storage.support.Spans;
import org.llmobservatory.storage.support.TelemetryLoader;
import org.llmobservatory.storage.support.TestServers;
import org.llmobservatory.storage.support.TraceFixture;

class SpanSearchTest {

    private static final String PROJECT = "spans";
    private static final Instant FROM = Instant.parse("2031-04-03T10:00:00Z");
    private static final TimeRange WINDOW = TimeRange.of(FROM, FROM.plusSeconds(3600));
    private static final Comparator<Span> NEWEST_FIRST = Comparator.comparing(Span::startTime)
            .thenComparing(Span::traceId).thenComparing(Span::spanId).reversed();

    private static StoragePool pool;
    private static List<Span> written;
    private static String tiedTrace;
    private static final RecordingQueryObserver observer = new RecordingQueryObserver();
    private static TraceRepository traces;

    @BeforeAll
    static void start() {
        pool = TestServers.freshDatabase().migratedPool();
        written = new ArrayList<>(TraceFixture.generate(PROJECT, FROM, 40, 7));
        // Spans of one trace sharing one start instant: only the span id can order them.
        tiedTrace = Spans.traceId();
        IntStream.range(0, 6).forEach(i -> written.add(
                Spans.step(PROJECT, tiedTrace, "parallel tool", FROM.plusSeconds(1200), 10 + i).build()));
        try (TelemetryLoader loader = new TelemetryLoader(pool)) {
            loader.spans(written);
        }
        traces = new TraceRepository(pool, observer);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    private static List<String> expected(Predicate<Span> matches) {
        return written.stream()
                .filter(s -> s.projectId().equals(PROJECT))
                .filter(s -> !s.startTime().isBefore(WINDOW.from()) && s.startTime().isBefore(WINDOW.to()))
                .filter(matches)
                .sorted(NEWEST_FIRST)
                .map(Span::spanId)
                .toList();
    }

    private static List<String> allPages(UnaryOperator<SpanQuery.Builder> filter, int limit) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Page<Span> page = traces.searchSpans(
                    filter.apply(SpanQuery.builder(PROJECT, WINDOW)).limit(limit).cursor(cursor).build());
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            page.items().forEach(s -> seen.add(s.spanId()));
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        return seen;
    }

    @Test
    void search_spans_pages_newest_first_without_gaps_or_repeats() {
        List<String> expected = expected(s -> true);

        List<String> seen = allPages(b -> b, 9);

        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void spans_starting_at_the_same_instant_are_paged_one_by_one() {
        List<String> expected = expected(s -> s.traceId().equals(tiedTrace));

        assertThat(allPages(b -> b.traceId(tiedTrace), 1)).hasSize(6).containsExactlyElementsOf(expected);
        assertThat(allPages(b -> b.traceId(tiedTrace), 4)).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> filters() {
        Span sample = written.stream().filter(s -> s.model() != null && s.startTime().isAfter(FROM)).findFirst()
                .orElseThrow();
        return Stream.of(
                filter("service", b -> b.serviceName("billing"), s -> "billing".equals(s.serviceName())),
                filter("provider", b -> b.provider("anthropic"), s -> "anthropic".equals(s.provider())),
                filter("model", b -> b.model("gpt-4o"), s -> "gpt-4o".equals(s.model())),
                filter("operation", b -> b.operation("chat"), s -> "chat".equals(s.operation())),
                filter("status error", b -> b.status(StatusCode.ERROR), s -> s.statusCode() == StatusCode.ERROR),
                filter("status unset", b -> b.status(StatusCode.UNSET), s -> s.statusCode() == StatusCode.UNSET),
                filter("user", b -> b.userId("user-3"), s -> "user-3".equals(s.userId())),
                filter("session", b -> b.sessionId("session-c"), s -> "session-c".equals(s.sessionId())),
                filter("trace", b -> b.traceId(sample.traceId()), s -> sample.traceId().equals(s.traceId())),
                filter("name", b -> b.name("tool lookup"), s -> "tool lookup".equals(s.name())),
                filter("min duration", b -> b.minDurationMs(4000.0), s -> s.durationMs() >= 4000.0),
                filter("min cost", b -> b.minCostUsd(new BigDecimal("0.05")),
                        s -> s.costUsd() != null && s.costUsd().compareTo(new BigDecimal("0.05")) >= 0),
                filter("model and error", b -> b.model("gpt-4o-mini").status(StatusCode.ERROR),
                        s -> "gpt-4o-mini".equals(s.model()) && s.statusCode() == StatusCode.ERROR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void each_filter_keeps_exactly_the_matching_spans(String name, UnaryOperator<SpanQuery.Builder> filter,
            Predicate<Span> matches) {
        List<String> expected = expected(matches);

        assertThat(expected).as("the data has matching spans").isNotEmpty();
        assertThat(expected).as("the data has spans that do not match").hasSizeLessThan(expected(s -> true).size());
        assertThat(allPages(filter, 1000)).containsExactlyElementsOf(expected);
    }

    @Test
    void search_spans_returns_the_stored_span() {
        Span any = written.stream().filter(s -> s.model() != null && s.costUsd() != null
                && !s.startTime().isBefore(FROM)).findFirst().orElseThrow();

        Span found = traces.searchSpans(SpanQuery.builder(PROJECT, WINDOW).traceId(any.traceId()).limit(1000).build())
                .items().stream().filter(s -> s.spanId().equals(any.spanId())).findFirst().orElseThrow();

        assertThat(found).usingRecursiveComparison()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class).isEqualTo(any);
    }

    @Test
    void the_observer_hears_each_search_with_its_result_count() {
        traces.searchSpans(SpanQuery.builder(PROJECT, WINDOW).limit(3).build());

        RecordingQueryObserver.Completed last = observer.completed.get(observer.completed.size() - 1);
        assertThat(last).extracting(c -> c.repository(), c -> c.method(), c -> c.resultCount())
                .containsExactly(RepositoryKind.TRACE, "search_spans", 3);
    }

    private static Arguments filter(String name, UnaryOperator<SpanQuery.Builder> filter, Predicate<Span> matches) {
        return Arguments.of(name, filter, matches);
    }
}
