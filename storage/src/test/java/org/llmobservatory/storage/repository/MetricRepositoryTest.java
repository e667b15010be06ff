package org.llmobservatory.storage.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.llmobservatory.storage.model.MetricPoint;
import org.llmobservatory.storage.model.MetricType;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.query.RepositoryKind;
import org.llmobservatory.storage.support.RecordingQueryObserver;
import org.llmobservatory.storage.support.TelemetryLoader;
import org.llmobservatory.storage.support.TestServers;

class MetricRepositoryTest {

    private static final String PROJECT = "metrics";
    private static final String GAUGE = "pool.active";
    private static final String HISTOGRAM = "gen_ai.client.operation.duration";
    private static final Instant FROM = Instant.parse("2031-04-06T10:00:00Z");
    private static final TimeRange WINDOW = TimeRange.of(FROM, FROM.plusSeconds(3600));
    private static final Duration STEP = Duration.ofMinutes(5);

    private static StoragePool pool;
    private static final List<MetricPoint> written = new ArrayList<>();
    private static final RecordingQueryObserver observer = new RecordingQueryObserver();
    private static MetricRepository metrics;

    @BeforeAll
    static void start() {
        pool = TestServers.freshDatabase().migratedPool();
        Random random = new Random(5);
        List<String> attributes = List.of("{\"pool\": \"main\"}", "{\"pool\": \"replica\"}", "{}");
        for (int i = 0; i < 360; i++) {
            // Every series reports at the same instants, so LAST must break ties the same way every time.
            Instant time = FROM.plusSeconds(10L * i);
            for (String attrs : attributes) {
                for (String service : List.of("chat-api", "search-api")) {
                    written.add(MetricPoint.number(PROJECT, GAUGE, MetricType.GAUGE, "1", service, attrs, time,
                            random.nextInt(1000) / 8.0));
                }
            }
            if (i % 3 == 0) {
                for (String model : List.of("gpt-4o", "claude-sonnet")) {
                    long count = random.nextInt(20);
                    written.add(MetricPoint.histogram(PROJECT, HISTOGRAM, "s", "chat-api",
                            "{\"gen_ai.request.model\": \"" + model + "\"}", time.minusSeconds(30), time, count,
                            count * (0.5 + random.nextInt(40) / 8.0), 0.25 + random.nextInt(4) / 8.0,
                            5.0 + random.nextInt(40) / 8.0, new long[] {count, 0}, new double[] {10}));
                }
            }
        }
        written.add(MetricPoint.number(PROJECT, "other.metric", MetricType.GAUGE, "1", "chat-api", "{}",
                FROM.plusSeconds(5), 1e6));
        written.add(MetricPoint.number("other", GAUGE, MetricType.GAUGE, "1", "chat-api", "{}", FROM.plusSeconds(5),
                1e6));
        written.add(MetricPoint.number(PROJECT, GAUGE, MetricType.GAUGE, "1", "chat-api", "{}", WINDOW.to(), 1e6));
        try (TelemetryLoader loader = new TelemetryLoader(pool)) {
            loader.metrics(written);
        }
        metrics = new MetricRepository(pool, observer);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    /** The series computed in Java, following the rules documented on MetricRepository. */
    private static List<Series> expected(String name, Aggregation aggregation, String groupBy,
            Predicate<MetricPoint> filter) {
        Map<String, Map<Instant, List<MetricPoint>>> byLabel = new TreeMap<>(Comparator.nullsFirst(
                Comparator.naturalOrder()));
        written.stream()
                .filter(p -> p.projectId().equals(PROJECT) && p.metricName().equals(name))
                .filter(p -> !p.time().isBefore(WINDOW.from()) && p.time().isBefore(WINDOW.to()))
                .filter(filter)
                .forEach(p -> byLabel.computeIfAbsent(label(p, groupBy), l -> new TreeMap<>())
                        .computeIfAbsent(bucket(p.time()), b -> new ArrayList<>()).add(p));
        List<Series> series = new ArrayList<>();
        byLabel.forEach((label, buckets) -> {
            List<SeriesPoint> points = new ArrayList<>();
            buckets.forEach((bucket, ps) -> points.add(new SeriesPoint(bucket, aggregate(aggregation, ps))));
            series.add(new Series(label == null ? Map.of() : Map.of(groupBy, label), points));
        });
        return series;
    }

    private static String label(MetricPoint p, String key) {
        if (key == null) {
            return null;
        }
        var m = Pattern.compile("\"" + Pattern.quote(key) + "\": \"([^\"]*)\"")
                .matcher(p.attributes());
        return m.find() ? m.group(1) : null;
    }

    private static Instant bucket(Instant t) {
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), STEP.toSeconds()) * STEP.toSeconds());
    }

    private static double aggregate(Aggregation aggregation, List<MetricPoint> points) {
        boolean histogram = points.get(0).metricType() == MetricType.HISTOGRAM;
        Function<MetricPoint, Double> total = p -> histogram ? p.sum() : p.value();
        Function<MetricPoint, Double> weight = p -> histogram ? (double) p.count() : 1.0;
        return switch (aggregation) {
            case AVG -> points.stream().mapToDouble(total::apply).sum()
                    / points.stream().mapToDouble(weight::apply).sum();
            case SUM -> points.stream().mapToDouble(total::apply).sum();
            case COUNT -> points.stream().mapToDouble(weight::apply).sum();
            case MIN -> points.stream().mapToDouble(p -> histogram ? p.min() : p.value()).min().orElseThrow();
            case MAX -> points.stream().mapToDouble(p -> histogram ? p.max() : p.value()).max().orElseThrow();
            case LAST -> points.stream()
                    .filter(p -> weight.apply(p) != 0)
                    .max(Comparator.comparing(MetricPoint::time).thenComparing(p -> p.seriesId().toString()))
                    .map(p -> total.apply(p) / weight.apply(p)).orElseThrow();
        };
    }

    private static void assertSameSeries(List<Series> actual, List<Series> expected) {
        assertThat(actual).extracting(Series::labels).containsExactlyElementsOf(
                expected.stream().map(Series::labels).toList());
        for (int i = 0; i < expected.size(); i++) {
            List<SeriesPoint> a = actual.get(i).points();
            List<SeriesPoint> e = expected.get(i).points();
            assertThat(a).extracting(SeriesPoint::time).containsExactlyElementsOf(
                    e.stream().map(SeriesPoint::time).toList());
            for (int j = 0; j < e.size(); j++) {
                assertThat(a.get(j).value()).as("%s at %s", actual.get(i).labels(), e.get(j).time())
                        .isCloseTo(e.get(j).value(), within(1e-9 * Math.max(1, Math.abs(e.get(j).value()))));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Aggregation.class)
    void gauge_series_aggregate_each_bucket(Aggregation aggregation) {
        List<Series> expected = expected(GAUGE, aggregation, null, p -> true);

        List<Series> actual = metrics.series(SeriesQuery.of(PROJECT, GAUGE, WINDOW, STEP, aggregation));

        assertThat(actual).hasSize(1);
        assertThat(actual.get(0).points()).hasSize(12);
        assertSameSeries(actual, expected);
    }

    @ParameterizedTest
    @EnumSource(Aggregation.class)
    void histogram_series_aggregate_observations_through_sum_and_count(Aggregation aggregation) {
        List<Series> expected = expected(HISTOGRAM, aggregation, "gen_ai.request.model", p -> true);

        List<Series> actual = metrics.series(SeriesQuery.of(PROJECT, HISTOGRAM, WINDOW, STEP, aggregation)
                .withGroupBy("gen_ai.request.model"));

        assertThat(actual).extracting(Series::labels).containsExactly(
                Map.of("gen_ai.request.model", "claude-sonnet"), Map.of("gen_ai.request.model", "gpt-4o"));
        assertSameSeries(actual, expected);
    }

    @Test
    void grouping_by_an_attribute_makes_one_series_per_value_and_one_for_points_without_it() {
        List<Series> expected = expected(GAUGE, Aggregation.MAX, "pool", p -> true);

        List<Series> actual = metrics.series(SeriesQuery.of(PROJECT, GAUGE, WINDOW, STEP, Aggregation.MAX)
                .withGroupBy("pool"));

        assertThat(actual).extracting(Series::labels)
                .containsExactly(Map.of(), Map.of("pool", "main"), Map.of("pool", "replica"));
        assertSameSeries(actual, expected);
    }

    @Test
    void the_service_filter_keeps_only_that_services_points() {
        List<Series> expected = expected(GAUGE, Aggregation.SUM, "pool", p -> "search-api".equals(p.serviceName()));
        List<Series> unfiltered = expected(GAUGE, Aggregation.SUM, "pool", p -> true);

        List<Series> actual = metrics.series(SeriesQuery.of(PROJECT, GAUGE, WINDOW, STEP, Aggregation.SUM)
                .withGroupBy("pool").withServiceName("search-api"));

        assertThat(expected.get(0).points().get(0).value()).isLessThan(unfiltered.get(0).points().get(0).value());
        assertSameSeries(actual, expected);
    }

    @Test
    void an_unknown_metric_has_no_series_and_the_observer_hears_the_point_count() {
        assertThat(metrics.series(SeriesQuery.of(PROJECT, "nope", WINDOW, STEP, Aggregation.AVG))).isEmpty();
        metrics.series(SeriesQuery.of(PROJECT, GAUGE, WINDOW, STEP, Aggregation.AVG).withGroupBy("pool"));

        List<RecordingQueryObserver.Completed> calls = observer.completed;
        assertThat(calls.get(calls.size() - 2)).extracting(c -> c.repository(), c -> c.method(), c -> c.resultCount())
                .containsExactly(RepositoryKind.METRIC, "series", 0);
        assertThat(calls.get(calls.size() - 1).resultCount()).isEqualTo(3 * 12);
    }

    @Test
    void series_refuse_small_steps_too_many_buckets_and_unknown_aggregations() {
        assertThatThrownBy(() -> SeriesQuery.of(PROJECT, GAUGE, WINDOW, Duration.ofMillis(999), Aggregation.AVG))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 second");
        assertThatThrownBy(() -> SeriesQuery.of(PROJECT, GAUGE, WINDOW, null, Aggregation.AVG))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step");
        TimeRange tenThousandAndOne = TimeRange.of(FROM, FROM.plusSeconds(10_001));
        assertThatThrownBy(() -> SeriesQuery.of(PROJECT, GAUGE, tenThousandAndOne, Duration.ofSeconds(1),
                Aggregation.AVG)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10000 buckets");
        TimeRange tenThousand = TimeRange.of(FROM, FROM.plusSeconds(10_000));
        assertThat(metrics.series(SeriesQuery.of(PROJECT, GAUGE, tenThousand, Duration.ofSeconds(1),
                Aggregation.COUNT))).isNotEmpty();
        assertThatThrownBy(() -> SeriesQuery.of(PROJECT, GAUGE, WINDOW, STEP, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aggregation");
        assertThatThrownBy(() -> SeriesQuery.of(PROJECT, " ", WINDOW, STEP, Aggregation.AVG))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metric name");
        assertThatThrownBy(() -> Aggregation.parse("median")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown aggregation 'median'; expected one of: avg, sum, min, max, count, last");
        assertThat(Aggregation.parse("LAST")).isEqualTo(Aggregation.LAST);
    }
}
