package org.llmobservatory.storage.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.StatusCode;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.query.RepositoryKind;
import org.llmobservatory.storage.support.Percentiles;
import org.llmobservatory.storage.support.RecordingQueryObserver;
import org.llmobservatory.storage.support.TelemetryLoader;
import org.llmobservatory.storage.support.TestServers;
import org.llmobservatory.storage.support.TraceFixture;

class UsageTest {

    private static final String PROJECT = "usage";
    private static final Instant FROM = Instant.parse("2031-04-04T10:00:00Z");
    private static final TimeRange WINDOW = TimeRange.of(FROM, FROM.plusSeconds(3600));

    private static StoragePool pool;
    private static List<Span> written;
    private static final RecordingQueryObserver observer = new RecordingQueryObserver();
    private static TraceRepository traces;

    @BeforeAll
    static void start() {
        pool = TestServers.freshDatabase().migratedPool();
        written = TraceFixture.generate(PROJECT, FROM, 80, 11);
        try (TelemetryLoader loader = new TelemetryLoader(pool)) {
            loader.spans(written);
        }
        traces = new TraceRepository(pool, observer);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    private record Group(Instant bucket, String key) {
    }

    /**
     * Usage computed in Java from the written spans, in the order the repository promises: exact percentiles
     * ({@code percentile_cont}) when the spans answer the query, the nearest rank the rollups estimate when they do.
     */
    private static List<UsageRow> expected(TimeRange range, UsageDimension dimension, Duration step,
            Predicate<Span> filter) {
        boolean estimated = new UsageQuery(PROJECT, range, dimension, step, null, null, null).fromRollups();
        Function<Span, String> key = switch (dimension) {
            case MODEL -> Span::model;
            case PROVIDER -> Span::provider;
            case SERVICE -> Span::serviceName;
            case USER -> Span::userId;
        };
        Comparator<Group> order = Comparator.comparing(Group::bucket, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Group::key, Comparator.nullsLast(Comparator.naturalOrder()));
        Map<Group, List<Span>> groups = new TreeMap<>(order);
        written.stream()
                .filter(s -> s.projectId().equals(PROJECT) && s.model() != null)
                .filter(s -> !s.startTime().isBefore(range.from()) && s.startTime().isBefore(range.to()))
                .filter(filter)
                .forEach(s -> groups.computeIfAbsent(new Group(bucket(s.startTime(), step), key.apply(s)),
                        g -> new ArrayList<>()).add(s));
        List<UsageRow> rows = new ArrayList<>();
        groups.forEach((g, spans) -> rows.add(row(g, spans, estimated)));
        return rows;
    }

    private static Instant bucket(Instant t, Duration step) {
        if (step == null) {
            return null;
        }
        long micros = t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
        long stepMicros = step.toNanos() / 1_000;
        long start = Math.floorDiv(micros, stepMicros) * stepMicros;
        return Instant.ofEpochSecond(Math.floorDiv(start, 1_000_000), Math.floorMod(start, 1_000_000) * 1_000);
    }

    private static UsageRow row(Group g, List<Span> spans, boolean estimated) {
        List<Double> durations = spans.stream().map(Span::durationMs).toList();
        java.util.function.BiFunction<List<Double>, Double, Double> percentile =
                estimated ? Percentiles::nearestRank : Percentiles::cont;
        List<Double> ttft = spans.stream().map(Span::timeToFirstTokenMs).filter(Objects::nonNull).toList();
        return new UsageRow(g.bucket(), g.key(), spans.size(),
                spans.stream().filter(s -> s.statusCode() == StatusCode.ERROR).count(),
                sum(spans, Span::inputTokens), sum(spans, Span::outputTokens), sum(spans, Span::totalTokens),
                sum(spans, Span::cacheReadTokens), sum(spans, Span::reasoningTokens),
                spans.stream().map(Span::costUsd).filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add),
                percentile.apply(durations, 0.5), percentile.apply(durations, 0.95), percentile.apply(durations, 0.99),
                ttft.isEmpty() ? null : ttft.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
    }

    private static long sum(List<Span> spans, Function<Span, Long> field) {
        return spans.stream().map(field).filter(Objects::nonNull).mapToLong(Long::longValue).sum();
    }

    /**
     * Runs {@code q} and compares: sums exactly, exact percentiles to rounding, estimated ones (when the rollups
     * answer) within the histogram's 1% relative accuracy.
     */
    private static List<UsageRow> assertUsage(UsageQuery q, List<UsageRow> expected) {
        List<UsageRow> actual = traces.usage(q);
        assertSameUsage(actual, expected, q.fromRollups());
        return actual;
    }

    private static void assertSameUsage(List<UsageRow> actual, List<UsageRow> expected, boolean estimated) {
        assertThat(actual).extracting(UsageRow::bucketStart, UsageRow::key)
                .containsExactlyElementsOf(expected.stream()
                        .map(r -> tuple(r.bucketStart(), r.key())).toList());
        for (int i = 0; i < expected.size(); i++) {
            UsageRow a = actual.get(i);
            UsageRow e = expected.get(i);
            String group = e.bucketStart() + " / " + e.key();
            assertThat(a).as(group).usingRecursiveComparison()
                    .ignoringFields("costUsd", "p50LatencyMs", "p95LatencyMs", "p99LatencyMs", "avgTimeToFirstTokenMs")
                    .isEqualTo(e);
            assertThat(a.costUsd()).as(group).isEqualByComparingTo(e.costUsd());
            for (double[] p : new double[][] {{a.p50LatencyMs(), e.p50LatencyMs()}, {a.p95LatencyMs(), e.p95LatencyMs()},
                    {a.p99LatencyMs(), e.p99LatencyMs()}}) {
                assertThat(p[0]).as(group).isCloseTo(p[1], within(estimated ? p[1] * 0.0100001 : 1e-9));
            }
            if (e.avgTimeToFirstTokenMs() == null) {
                assertThat(a.avgTimeToFirstTokenMs()).as(group).isNull();
            } else {
                assertThat(a.avgTimeToFirstTokenMs()).as(group).isCloseTo(e.avgTimeToFirstTokenMs(), within(1e-9));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(UsageDimension.class)
    void usage_over_the_whole_window_matches_the_llm_spans_per_dimension_value(UsageDimension dimension) {
        List<UsageRow> expected = expected(WINDOW, dimension, null, s -> true);

        assertThat(expected).hasSizeGreaterThan(1);
        assertUsage(UsageQuery.of(PROJECT, WINDOW, dimension), expected);
    }

    @Test
    void usage_counts_only_llm_spans_and_groups_spans_without_a_user_last() {
        long llmSpans = written.stream().filter(s -> s.projectId().equals(PROJECT) && s.model() != null
                && !s.startTime().isBefore(FROM)).count();
        long allSpans = written.stream().filter(s -> s.projectId().equals(PROJECT)).count();

        List<UsageRow> byUser = traces.usage(UsageQuery.of(PROJECT, WINDOW, UsageDimension.USER));

        assertThat(allSpans).isGreaterThan(llmSpans);
        assertThat(byUser.stream().mapToLong(UsageRow::requests).sum()).isEqualTo(llmSpans);
        assertThat(byUser.get(byUser.size() - 1).key()).isNull();
        assertThat(byUser).extracting(UsageRow::key).filteredOn(Objects::nonNull).isSorted();
    }

    @Test
    void bucketed_usage_uses_epoch_aligned_buckets_even_when_the_window_is_not() {
        TimeRange misaligned = TimeRange.of(FROM.plusSeconds(7 * 60), FROM.plusSeconds(57 * 60));
        Duration step = Duration.ofMinutes(15);
        List<UsageRow> expected = expected(misaligned, UsageDimension.MODEL, step, s -> true);

        List<UsageRow> actual = assertUsage(UsageQuery.of(PROJECT, misaligned, UsageDimension.MODEL).withStep(step),
                expected);

        assertThat(actual).extracting(UsageRow::bucketStart).containsOnly(FROM, FROM.plusSeconds(900),
                FROM.plusSeconds(1800), FROM.plusSeconds(2700));
    }

    @Test
    void usage_filters_by_provider_model_and_service() {
        List<UsageRow> byProvider = expected(WINDOW, UsageDimension.MODEL, null, s -> "anthropic".equals(s.provider()));
        List<UsageRow> byModel = expected(WINDOW, UsageDimension.SERVICE, null, s -> "gpt-4o".equals(s.model()));
        List<UsageRow> byService = expected(WINDOW, UsageDimension.USER, Duration.ofMinutes(20),
                s -> "billing".equals(s.serviceName()));

        assertUsage(UsageQuery.of(PROJECT, WINDOW, UsageDimension.MODEL).withProvider("anthropic"), byProvider);
        assertUsage(UsageQuery.of(PROJECT, WINDOW, UsageDimension.SERVICE).withModel("gpt-4o"), byModel);
        assertUsage(UsageQuery.of(PROJECT, WINDOW, UsageDimension.USER).withStep(Duration.ofMinutes(20))
                .withServiceName("billing"), byService);
        long all = expected(WINDOW, UsageDimension.MODEL, null, s -> true).stream().mapToLong(UsageRow::requests).sum();
        assertThat(byProvider.stream().mapToLong(UsageRow::requests).sum()).isPositive().isLessThan(all);
        assertThat(byModel.stream().mapToLong(UsageRow::requests).sum()).isPositive().isLessThan(all);
        assertThat(byService.stream().mapToLong(UsageRow::requests).sum()).isPositive().isLessThan(all);
    }

    @Test
    void a_window_without_llm_spans_has_no_usage_and_the_observer_hears_it() {
        TimeRange empty = TimeRange.of(FROM.minusSeconds(7200), FROM.minusSeconds(3600));

        assertThat(traces.usage(UsageQuery.of(PROJECT, empty, UsageDimension.MODEL))).isEmpty();

        RecordingQueryObserver.Completed last = observer.completed.get(observer.completed.size() - 1);
        assertThat(last).extracting(c -> c.repository(), c -> c.method(), c -> c.resultCount())
                .containsExactly(RepositoryKind.TRACE, "usage", 0);
    }

    @Test
    void usage_refuses_steps_below_a_second_or_too_many_buckets_and_unknown_dimensions() {
        assertThatThrownBy(() -> UsageQuery.of(PROJECT, WINDOW, UsageDimension.MODEL).withStep(Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 second");
        TimeRange year = TimeRange.of(FROM, FROM.plus(Duration.ofDays(365)));
        assertThatThrownBy(() -> UsageQuery.of(PROJECT, year, UsageDimension.MODEL).withStep(Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10000 buckets");
        assertThatThrownBy(() -> UsageQuery.of(PROJECT, WINDOW, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group by");
        assertThatThrownBy(() -> UsageDimension.parse("colour"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown usage dimension 'colour'; expected one of: model, provider, service, user");
        assertThat(UsageDimension.parse("Service")).isEqualTo(UsageDimension.SERVICE);
    }
}
