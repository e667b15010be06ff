package org.llmobservatory.storage.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.config.WriteMethod;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.error.ErrorType;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.query.RepositoryKind;
import org.llmobservatory.storage.schema.PartitionManager;
import org.llmobservatory.storage.support.SampleTelemetry;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;
import org.llmobservatory.storage.writer.TraceWriter;
import org.llmobservatory.storage.writer.WriterType;

class StorageMetricsTest {

    static final List<String> FAMILIES = List.of(
            "storage_write_duration_seconds", "storage_writes_total", "storage_batch_size",
            "storage_items_written_total", "storage_buffer_size", "storage_flushes_total",
            "storage_query_duration_seconds", "storage_query_result_count", "storage_pool_connections",
            "storage_connection_acquire_duration_seconds", "storage_errors_total", "storage_retries_total",
            "storage_rollup_lag_seconds", "storage_rollup_deltas_pending", "storage_rollup_rebuild_pending_seconds",
            "storage_rollup_deltas_folded_total", "storage_rollup_fold_duration_seconds",
            "storage_rollup_rows_dropped_total", "storage_rollup_failures_total");
    static final List<String> HISTOGRAMS = List.of("storage_write_duration_seconds", "storage_batch_size",
            "storage_query_duration_seconds", "storage_query_result_count",
            "storage_connection_acquire_duration_seconds", "storage_rollup_fold_duration_seconds");

    private static TestDatabase db;
    private static PrometheusMeterRegistry registry;
    private static StorageMetrics metrics;
    private static StoragePool pool;

    @BeforeAll
    static void start() {
        db = TestServers.freshDatabase();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics = new StorageMetrics(registry);
        pool = StoragePool.open(new StoragePool.Settings(db.jdbcUrl(), db.user(), db.password(), 4,
                Duration.ofSeconds(30), Duration.ofSeconds(30), metrics.poolTrackers()));
        new org.llmobservatory.storage.schema.Migrations(pool.dataSource()).apply();
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @Test
    void every_family_is_exported_with_help_type_and_real_histogram_buckets() throws Exception {
        try (TraceWriter ignored = writer(WriterSettings.DEFAULTS)) {
            String scrape = registry.scrape();
            for (String family : FAMILIES) {
                assertThat(scrape).as(family).contains("# HELP " + family + " ").contains("# TYPE " + family + " ");
            }
            for (String histogram : HISTOGRAMS) {
                assertThat(scrape).contains("# TYPE " + histogram + " histogram")
                        .containsPattern(Pattern.quote(histogram) + "_bucket\\{[^}]*le=\"\\+Inf\"}");
            }
            assertThat(scrape).doesNotContainPattern("# TYPE storage_\\S+ summary");
            assertThat(value(scrape, "storage_pool_connections{server=\"primary\",state=\"max\"}")).isEqualTo(4);
            assertThat(scrape).contains("hikaricp_connections_max");
        }
    }

    @Test
    void known_label_combinations_start_at_zero_so_rates_work_from_the_first_scrape() {
        String scrape = new StorageMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).registry() instanceof
                PrometheusMeterRegistry fresh ? fresh.scrape() : "";
        assertThat(value(scrape, "storage_writes_total{operation=\"insert\",status=\"error\",writer_type=\"log\"}"))
                .isZero();
        assertThat(value(scrape, "storage_retries_total{operation=\"copy\"}")).isZero();
        assertThat(value(scrape, "storage_errors_total{error_type=\"connection\",operation=\"query\"}")).isZero();
        assertThat(value(scrape, "storage_buffer_size{writer_type=\"metric\"}")).isZero();
        assertThat(value(scrape, "storage_query_duration_seconds_count{method=\"usage\",repository=\"trace\"}"))
                .isZero();
        assertThat(value(scrape,
                "storage_flushes_total{status=\"error\",trigger=\"shutdown\",writer_type=\"trace\"}")).isZero();
        assertThat(value(scrape, "storage_rollup_failures_total{stage=\"retention\"}")).isZero();
        assertThat(value(scrape, "storage_rollup_deltas_folded_total")).isZero();
    }

    @Test
    void items_are_counted_when_committed_and_resent_ones_are_not_counted_again() throws Exception {
        String project = "metrics-" + System.nanoTime();
        double spansBefore = value(registry.scrape(), "storage_items_written_total{item_type=\"span\",writer_type=\"trace\"}");
        double eventsBefore = value(registry.scrape(),
                "storage_items_written_total{item_type=\"event\",writer_type=\"trace\"}");
        double copiesBefore = histogramCount(registry.scrape(), "storage_batch_size",
                "operation=\"copy\",writer_type=\"trace\"");
        List<Span> spans = SampleTelemetry.llmSpans(project, 100, Instant.now());
        try (TraceWriter w = writer(WriterSettings.DEFAULTS.withFlushInterval(Duration.ofHours(1)))) {
            var pending = w.writeAll(spans);
            assertThat(value(registry.scrape(), "storage_buffer_size{writer_type=\"trace\"}")).isEqualTo(100);
            assertThat(value(registry.scrape(), "storage_items_written_total{item_type=\"span\",writer_type=\"trace\"}"))
                    .as("nothing counted before the commit").isEqualTo(spansBefore);
            w.flush().get(30, TimeUnit.SECONDS);
            pending.get(30, TimeUnit.SECONDS);
            var again = w.writeAll(spans);
            w.flush().get(30, TimeUnit.SECONDS);
            assertThat(again.get(30, TimeUnit.SECONDS).committed()).isEqualTo(100);
        }
        String scrape = registry.scrape();
        assertThat(db.count("SELECT count(*) FROM spans WHERE project_id = ?", project)).isEqualTo(100);
        assertThat(value(scrape, "storage_items_written_total{item_type=\"span\",writer_type=\"trace\"}"))
                .isEqualTo(spansBefore + 100);
        assertThat(value(scrape, "storage_items_written_total{item_type=\"event\",writer_type=\"trace\"}"))
                .isEqualTo(eventsBefore + 100);
        assertThat(histogramCount(scrape, "storage_batch_size", "operation=\"copy\",writer_type=\"trace\""))
                .isGreaterThanOrEqualTo(copiesBefore + 1);
        assertThat(value(scrape, "storage_flushes_total{status=\"success\",trigger=\"explicit\",writer_type=\"trace\"}"))
                .isGreaterThanOrEqualTo(2);
        assertThat(histogramCount(scrape, "storage_connection_acquire_duration_seconds", "server=\"primary\""))
                .isPositive();
    }

    @Test
    void failures_and_retries_are_counted_with_bounded_labels() {
        double retries = value(registry.scrape(), "storage_retries_total{operation=\"copy\"}");
        double errors = value(registry.scrape(), "storage_errors_total{error_type=\"connection\",operation=\"copy\"}");
        double failedWrites = value(registry.scrape(),
                "storage_writes_total{operation=\"copy\",status=\"error\",writer_type=\"trace\"}");
        metrics.failed(WriterType.TRACE, WriteMethod.COPY, 200, ErrorType.CONNECTION, 3_000_000);
        metrics.retrying(WriterType.TRACE, WriteMethod.COPY, ErrorType.CONNECTION, 1, 50_000_000);
        metrics.queryFailed(RepositoryKind.TRACE, "list_traces", ErrorType.TIMEOUT, 30_000_000_000L);
        String scrape = registry.scrape();
        assertThat(value(scrape, "storage_retries_total{operation=\"copy\"}")).isEqualTo(retries + 1);
        assertThat(value(scrape, "storage_errors_total{error_type=\"connection\",operation=\"copy\"}"))
                .isEqualTo(errors + 1);
        assertThat(value(scrape, "storage_writes_total{operation=\"copy\",status=\"error\",writer_type=\"trace\"}"))
                .isEqualTo(failedWrites + 1);
        assertThat(value(scrape, "storage_errors_total{error_type=\"timeout\",operation=\"query\"}")).isEqualTo(1);
    }

    @Test
    void queries_and_writes_heard_by_the_observers_are_recorded_like_the_seed_promises() {
        metrics.queryCompleted(RepositoryKind.LOG, "search_logs", 2_000_000, 7);
        metrics.queryFailed(RepositoryKind.METRIC, "series", ErrorType.OTHER, 1_000_000);
        metrics.committed(WriterType.METRIC, WriteMethod.INSERT, 12, 12, 0, 3_000_000);
        String scrape = registry.scrape();
        assertThat(histogramCount(scrape, "storage_query_result_count", "method=\"search_logs\",repository=\"log\""))
                .isEqualTo(1);
        assertThat(scrape).contains(
                "storage_query_result_count_bucket{method=\"search_logs\",repository=\"log\",le=\"5.0\"} 0");
        assertThat(scrape).contains(
                "storage_query_result_count_bucket{method=\"search_logs\",repository=\"log\",le=\"10.0\"} 1");
        assertThat(value(scrape, "storage_errors_total{error_type=\"other\",operation=\"query\"}")).isEqualTo(1);
        assertThat(value(scrape, "storage_items_written_total{item_type=\"metric_point\",writer_type=\"metric\"}"))
                .isEqualTo(12);
    }

    @Test
    void instrumented_writer_and_repository_record_like_the_seed_examples() throws Exception {
        String project = "seed-example-" + System.nanoTime();
        Instant now = Instant.now();
        double listed = histogramCount(registry.scrape(), "storage_query_duration_seconds",
                "method=\"list_traces\",repository=\"trace\"");
        try (var writer = new InstrumentedTraceWriter(pool, metrics)) {
            writer.writeAll(SampleTelemetry.llmSpans(project, 3, now)).get(30, TimeUnit.SECONDS);
            writer.flush().get(30, TimeUnit.SECONDS);
        }
        var repository = new InstrumentedTraceRepository(pool, metrics);
        var page = repository.listTraces(org.llmobservatory.storage.repository.TraceQuery.builder(project,
                org.llmobservatory.storage.repository.TimeRange.of(now.minusSeconds(60), now.plusSeconds(60)))
                .build());
        assertThat(page.items()).hasSize(3);
        String scrape = registry.scrape();
        assertThat(histogramCount(scrape, "storage_query_duration_seconds",
                "method=\"list_traces\",repository=\"trace\"")).isEqualTo(listed + 1);
        assertThat(value(scrape, "storage_query_result_count_sum{method=\"list_traces\",repository=\"trace\"}"))
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void two_instances_on_two_registries_do_not_share_anything() {
        var first = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var second = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        StorageMetrics a = new StorageMetrics(first);
        new StorageMetrics(second);
        a.committed(WriterType.LOG, WriteMethod.INSERT, 3, 3, 0, 1_000_000);
        String line = "storage_items_written_total{item_type=\"log\",writer_type=\"log\"}";
        assertThat(value(first.scrape(), line)).isEqualTo(3);
        assertThat(value(second.scrape(), line)).isZero();
    }

    private static TraceWriter writer(WriterSettings settings) {
        return new TraceWriter(pool, new PartitionManager(pool.dataSource()), settings, metrics);
    }

    /** The value of one exact series line in a scrape. */
    static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as("series %s in the scrape", series).isTrue();
        return Double.parseDouble(m.group(1));
    }

    static double histogramCount(String scrape, String family, String labels) {
        return value(scrape, family + "_count" + (labels == null ? "" : "{" + labels + "}"));
    }

    static List<String> familiesIn(String scrape) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^# TYPE (\\S+) ").matcher(scrape);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
