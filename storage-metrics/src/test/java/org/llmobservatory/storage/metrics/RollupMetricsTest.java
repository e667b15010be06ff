package org.llmobservatory.storage.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.llmobservatory.storage.metrics.StorageMetricsTest.histogramCount;
import static org.llmobservatory.storage.metrics.StorageMetricsTest.value;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.config.Retention;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.rollup.RollupMaintenance;
import org.llmobservatory.storage.schema.PartitionManager;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.Spans;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;
import org.llmobservatory.storage.writer.TraceWriter;
import org.llmobservatory.storage.writer.WriteObserver;

/**
 * The usage rollups' own metrics, read from a Prometheus scrape as an operator reads them, while a real maintenance
 * folds, rebuilds and drops rollups in a database of each test's own (which some tests break on purpose).
 */
class RollupMetricsTest {

    private static final Instant T0 = Instant.parse("2031-07-01T00:00:00Z");
    private static final Retention RETENTION = Retention.DEFAULTS;
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String LAG = "storage_rollup_lag_seconds";
    private static final String PENDING = "storage_rollup_deltas_pending";
    private static final String REBUILD = "storage_rollup_rebuild_pending_seconds";
    private static final String FOLDED = "storage_rollup_deltas_folded_total";
    private static final String DROPPED = "storage_rollup_rows_dropped_total";

    private TestDatabase db;
    private StoragePool pool;
    private PrometheusMeterRegistry registry;
    private StorageMetrics metrics;
    private TraceWriter writer;
    private RollupMaintenance maintenance;

    @BeforeEach
    void start() {
        db = TestServers.freshDatabase();
        pool = db.migratedPool();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics = new StorageMetrics(registry);
        writer = new TraceWriter(pool, new PartitionManager(pool.dataSource()),
                WriterSettings.DEFAULTS.withFlushInterval(Duration.ofMillis(10)), WriteObserver.NONE);
        maintenance = new RollupMaintenance(pool.dataSource(), RETENTION, Clock.systemUTC(), metrics.rollups());
    }

    @AfterEach
    void stop() {
        maintenance.close();
        writer.close();
        pool.close();
    }

    @Test
    void deltas_wait_and_the_lag_grows_from_a_write_until_a_fold_takes_them() throws Exception {
        awaitScrape(PENDING, v -> v == 0, "no delta waiting in a new database");
        awaitScrape(LAG, v -> v == 0, "no lag in a new database");

        write(spans(3, 40));
        long deltas = db.count("SELECT count(*) FROM usage_rollup_deltas");
        assertThat(deltas).isGreaterThanOrEqualTo(3);

        awaitScrape(PENDING, v -> v == deltas, "the committed deltas counted as waiting");
        awaitScrape(LAG, v -> v >= 1, "a lag growing while the deltas wait");
        maintenance.runOnce();

        assertThat(db.count("SELECT count(*) FROM usage_rollup_deltas")).isZero();
        assertThat(value(registry.scrape(), FOLDED)).isEqualTo(deltas);
        assertThat(histogramCount(registry.scrape(), "storage_rollup_fold_duration_seconds", null)).isPositive();
        awaitScrape(PENDING, v -> v == 0, "no delta waiting after the fold");
        awaitScrape(LAG, v -> v == 0, "no lag once nothing waits");
    }

    @Test
    void folds_that_fail_are_counted_and_the_lag_grows_until_the_background_maintenance_folds_again()
            throws Exception {
        write(spans(2, 20));
        long deltas = db.count("SELECT count(*) FROM usage_rollup_deltas");
        execute("ALTER TABLE usage_rollups RENAME TO usage_rollups_away");

        assertThatThrownBy(maintenance::runOnce).isInstanceOf(SQLException.class);
        String scrape = registry.scrape();
        assertThat(failures(scrape, "fold")).isEqualTo(1);
        assertThat(failures(scrape, "rebuild")).isZero();
        assertThat(failures(scrape, "retention")).isZero();
        assertThat(value(scrape, FOLDED)).isZero();

        maintenance.start(Duration.ofMillis(50));
        awaitScrape("storage_rollup_failures_total{stage=\"fold\"}", v -> v >= 4, "the failures of every round");
        awaitScrape(PENDING, v -> v == deltas, "the deltas still waiting");
        awaitScrape(LAG, v -> v >= 1, "a lag growing while every fold fails");

        execute("ALTER TABLE usage_rollups_away RENAME TO usage_rollups");
        awaitScrape(FOLDED, v -> v == deltas, "the deltas folded once the table is back");
        awaitScrape(PENDING, v -> v == 0, "no delta waiting");
        awaitScrape(LAG, v -> v == 0, "no lag");
        assertThat(db.count("SELECT count(*) FROM usage_rollup_deltas")).isZero();
    }

    @Test
    void the_span_time_waiting_for_a_rebuild_is_reported_until_it_is_rebuilt() throws Exception {
        try (Connection c = pool.connection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO usage_rollup_rebuilds (project_id, from_time, to_time, reason) VALUES (?, ?, ?, ?)")) {
            // Two projects waiting for the same 36 hours, and one of them for 12 of those again: 36 hours of span
            // time wait, whatever the number of projects.
            for (String project : List.of("one", "two", "two")) {
                ps.setString(1, project);
                ps.setObject(2, OffsetDateTime.ofInstant(T0, ZoneOffset.UTC));
                ps.setObject(3, OffsetDateTime.ofInstant(T0.plus(Duration.ofHours(project.equals("one") ? 36 : 12)),
                        ZoneOffset.UTC));
                ps.setString(4, "a test asked for it");
                ps.executeUpdate();
            }
        }
        awaitScrape(REBUILD, v -> v == 36 * 3600, "36 hours waiting");

        // A round rebuilds a day at a time for up to 5 s: both days of these empty hours in one round.
        maintenance.runOnce();
        awaitScrape(REBUILD, v -> v == 0, "nothing waiting");
    }

    @Test
    void rows_dropped_by_retention_are_counted() throws Exception {
        write(spans(2, 10));
        maintenance.runOnce();
        long rows = db.count("SELECT count(*) FROM usage_rollups");
        assertThat(rows).isGreaterThanOrEqualTo(2);
        assertThat(value(registry.scrape(), DROPPED)).isZero();

        try (RollupMaintenance later = new RollupMaintenance(pool.dataSource(), RETENTION,
                Clock.fixed(T0.plus(Duration.ofDays(401)), ZoneOffset.UTC), metrics.rollups())) {
            later.runOnce();
        }

        assertThat(db.count("SELECT count(*) FROM usage_rollups")).isZero();
        assertThat(value(registry.scrape(), DROPPED)).isEqualTo(rows);
    }

    @Test
    void each_failure_is_counted_under_the_stage_that_failed() throws Exception {
        // Every DELETE on the rollups fails: a rebuild's first statement, and retention's only one.
        execute("""
                CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'rollups are read-only in this test'; END $$""");
        execute("CREATE TRIGGER read_only BEFORE DELETE ON usage_rollups FOR EACH STATEMENT EXECUTE FUNCTION refuse()");
        execute("INSERT INTO usage_rollup_rebuilds (project_id, from_time, to_time, reason) VALUES ('metrics',"
                + " now() - interval '1 hour', now(), 'a test asked for it')");

        assertThatThrownBy(maintenance::runOnce).hasMessageContaining("read-only");
        assertThat(failures(registry.scrape(), "rebuild")).isEqualTo(1);

        execute("DELETE FROM usage_rollup_rebuilds");
        assertThatThrownBy(maintenance::runOnce).hasMessageContaining("read-only");
        String scrape = registry.scrape();
        assertThat(failures(scrape, "retention")).isEqualTo(1);
        assertThat(failures(scrape, "rebuild")).isEqualTo(1);
        assertThat(failures(scrape, "fold")).isZero();
        assertThat(histogramCount(scrape, "storage_rollup_fold_duration_seconds", null))
                .as("the empty folds before them").isEqualTo(2);
    }

    @Test
    void a_scrape_does_not_wait_for_a_database_that_does_not_answer() throws Exception {
        write(spans(1, 5));
        awaitScrape(PENDING, v -> v > 0, "deltas waiting");
        try (Connection blocker = db.connect()) {
            blocker.setAutoCommit(false);
            try (Statement st = blocker.createStatement()) {
                st.execute("LOCK TABLE usage_rollup_deltas IN ACCESS EXCLUSIVE MODE");
            }
            // Every reading now waits for the lock: scrapes answer all the same, and then say they do not know.
            Eventually.await(PATIENCE, "the waiting deltas unknown once the database has not answered for 10 s", () -> {
                long start = System.nanoTime();
                String scrape = registry.scrape();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("scrape time").isLessThan(
                        Duration.ofSeconds(5));
                return Double.isNaN(value(scrape, PENDING));
            });
            assertThat(value(registry.scrape(), LAG)).as("lag, still counting").isGreaterThanOrEqualTo(10);
            blocker.rollback();
        }
        awaitScrape(PENDING, v -> v > 0, "the deltas counted again once the database answers");
    }

    @Test
    void a_closed_maintenance_no_longer_reports_a_backlog() {
        awaitScrape(PENDING, v -> v == 0, "a backlog while the maintenance is open");
        maintenance.close();
        assertThat(value(registry.scrape(), PENDING)).isNaN();
        assertThat(value(registry.scrape(), LAG)).isNaN();
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private void awaitScrape(String series, DoublePredicate condition, String what) {
        Eventually.await(PATIENCE, what + " (" + series + ")", () -> condition.test(value(registry.scrape(), series)));
    }

    private static double failures(String scrape, String stage) {
        return value(scrape, "storage_rollup_failures_total{stage=\"" + stage + "\"}");
    }

    /** {@code perHour} LLM spans in each of {@code hours} hours from T0, so that each hour is a key of its own. */
    private static List<Span> spans(int hours, int perHour) {
        List<Span> spans = new ArrayList<>();
        for (int h = 0; h < hours; h++) {
            for (int i = 0; i < perHour; i++) {
                spans.add(Spans.llmCall("rollup-metrics", Spans.traceId(),
                        T0.plus(Duration.ofHours(h)).plusSeconds(i), 100 + i).build());
            }
        }
        return spans;
    }

    private void write(List<Span> spans) throws Exception {
        assertThat(writer.writeAll(spans).get().rejected()).isEmpty();
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
