package org.llmobservatory.storage.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.llmobservatory.storage.config.WriteMethod;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.model.LogRecord;
import org.llmobservatory.storage.model.MetricPoint;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.schema.PartitionManager;
import org.llmobservatory.storage.support.SampleTelemetry;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

class LogAndMetricWriterTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private static final WriterSettings FAST = WriterSettings.DEFAULTS.withFlushInterval(Duration.ofMillis(20));

    private static TestDatabase db;
    private static StoragePool pool;
    private static PartitionManager partitions;

    @BeforeAll
    static void start() {
        db = TestServers.freshDatabase();
        pool = db.migratedPool();
        partitions = new PartitionManager(pool.dataSource());
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @ParameterizedTest
    @EnumSource(value = WriteMethod.class, names = {"COPY", "INSERT"})
    void logs_round_trip_and_a_resent_log_is_stored_once(WriteMethod method) throws Exception {
        String project = "p-" + UUID.randomUUID();
        List<LogRecord> logs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            logs.add(SampleTelemetry.log(project, NOW.plusMillis(i), "tool call " + i + " finished"));
        }
        LogRecord error = new LogRecord(project, null, NOW, NOW.plusMillis(3), 17, "ERROR", "rate limited",
                "support-bot", "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", "{\"retry\": true}", null);
        logs.add(error);
        try (LogWriter w = new LogWriter(pool, partitions, FAST.withMethod(method), WriteObserver.NONE)) {
            assertThat(w.writeAll(logs).get(30, TimeUnit.SECONDS).committed()).isEqualTo(21);
            // The same records again, as a client retrying an unacknowledged request would send them.
            assertThat(w.writeAll(logs).get(30, TimeUnit.SECONDS).committed()).isEqualTo(21);
        }
        assertThat(db.count("SELECT count(*) FROM logs WHERE project_id = ?", project)).isEqualTo(21);
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("""
                SELECT severity_number, severity_text, body, service_name, trace_id, span_id, attributes ->> 'retry',
                       time, observed_time
                  FROM logs WHERE project_id = ? AND log_id = ?""")) {
            ps.setString(1, project);
            ps.setObject(2, error.logId());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(17);
                assertThat(rs.getString(2)).isEqualTo("ERROR");
                assertThat(rs.getString(3)).isEqualTo("rate limited");
                assertThat(rs.getString(4)).isEqualTo("support-bot");
                assertThat(rs.getString(5)).isEqualTo("0af7651916cd43dd8448eb211c80319c");
                assertThat(rs.getString(6)).isEqualTo("b7ad6b7169203331");
                assertThat(rs.getString(7)).isEqualTo("true");
                assertThat(rs.getTimestamp(8).toInstant()).isEqualTo(NOW);
                assertThat(rs.getTimestamp(9).toInstant()).isEqualTo(NOW.plusMillis(3));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = WriteMethod.class, names = {"COPY", "INSERT"})
    void metric_points_round_trip_with_histogram_buckets(WriteMethod method) throws Exception {
        String project = "p-" + UUID.randomUUID();
        List<MetricPoint> points = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            points.add(SampleTelemetry.gauge(project, "gen_ai.requests.active", NOW.plusSeconds(i), i * 1.5));
        }
        MetricPoint histogram = SampleTelemetry.histogram(project, NOW);
        points.add(histogram);
        MetricPoint emptyHistogram = MetricPoint.histogram(project, "empty", "s", null, null, null, NOW, 0, 0, null,
                null, new long[0], new double[0]);
        points.add(emptyHistogram);
        try (MetricWriter w = new MetricWriter(pool, partitions, FAST.withMethod(method), WriteObserver.NONE)) {
            assertThat(w.writeAll(points).get(30, TimeUnit.SECONDS).committed()).isEqualTo(12);
            assertThat(w.writeAll(points).get(30, TimeUnit.SECONDS).committed()).isEqualTo(12);
        }
        assertThat(db.count("SELECT count(*) FROM metric_points WHERE project_id = ?", project)).isEqualTo(12);
        assertThat(db.count("SELECT count(DISTINCT series_id) FROM metric_points WHERE project_id = ?"
                + " AND metric_name = 'gen_ai.requests.active'", project)).isEqualTo(1);
        assertThat(db.count("SELECT round(sum(value) * 10)::bigint FROM metric_points WHERE project_id = ?"
                + " AND metric_type = 'gauge'", project)).isEqualTo(675);
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("""
                SELECT metric_type, count, sum, min, max, bucket_counts, explicit_bounds, temporality, start_time
                  FROM metric_points WHERE project_id = ? AND series_id = ?""")) {
            ps.setString(1, project);
            ps.setObject(2, histogram.seriesId());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("histogram");
                assertThat(rs.getLong(2)).isEqualTo(10);
                assertThat(rs.getDouble(3)).isEqualTo(12.5);
                assertThat(rs.getDouble(4)).isEqualTo(0.2);
                assertThat(rs.getDouble(5)).isEqualTo(4.1);
                Array buckets = rs.getArray(6);
                assertThat((Long[]) buckets.getArray()).containsExactly(1L, 4L, 3L, 2L, 0L);
                Array bounds = rs.getArray(7);
                assertThat((Double[]) bounds.getArray()).containsExactly(0.5, 1.0, 2.5, 5.0);
                assertThat(rs.getString(8)).isEqualTo("cumulative");
                assertThat(rs.getTimestamp(9).toInstant()).isEqualTo(NOW.minusSeconds(60));
            }
        }
        assertThat(db.count("SELECT cardinality(bucket_counts) FROM metric_points WHERE project_id = ?"
                + " AND metric_name = 'empty'", project)).isZero();
    }
}
