package org.llmobservatory.storage.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

class PartitionManagerTest {

    private static TestDatabase db;
    private static StoragePool pool;

    @BeforeAll
    static void start() {
        db = TestServers.freshDatabase();
        pool = db.migratedPool();
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @Test
    void migrations_create_partitioned_tables_and_report_current() {
        Migrations migrations = new Migrations(pool.dataSource());
        assertThat(migrations.current()).isTrue();
        assertThat(migrations.apply()).isZero();
        assertThat(db.count("SELECT count(*) FROM pg_partitioned_table pt JOIN pg_class c ON c.oid = pt.partrelid"
                + " WHERE c.relname IN ('spans', 'logs', 'metric_points')")).isEqualTo(3);
    }

    @Test
    void partitions_are_created_ahead_for_every_table() throws Exception {
        PartitionManager partitions = new PartitionManager(pool.dataSource());
        Instant now = Instant.parse("2031-03-10T12:00:00Z");
        partitions.ensureAhead(now, 3);

        assertThat(partitions.partitions(TelemetryTable.SPANS))
                .contains("spans_p20310310", "spans_p20310311", "spans_p20310312", "spans_p20310313");
        assertThat(partitions.partitions(TelemetryTable.LOGS)).contains("logs_p20310310", "logs_p20310313");
        assertThat(partitions.partitions(TelemetryTable.METRIC_POINTS)).contains("metric_points_p20310313");
        // Running it again changes nothing and does not fail.
        partitions.forget();
        partitions.ensureAhead(now, 3);
        assertThat(partitions.partitions(TelemetryTable.SPANS).stream().filter(n -> n.startsWith("spans_p2031031")))
                .hasSize(4);
    }

    @Test
    void retention_drops_only_whole_days_past_the_period_and_their_rows() throws Exception {
        PartitionManager partitions = new PartitionManager(pool.dataSource());
        LocalDate old = LocalDate.of(2029, 1, 1);
        LocalDate kept = LocalDate.of(2029, 1, 30);
        partitions.ensure(TelemetryTable.LOGS, old);
        partitions.ensure(TelemetryTable.LOGS, kept);
        insertLog("project-retention", old.atTime(10, 0).toInstant(ZoneOffset.UTC));
        insertLog("project-retention", kept.atTime(10, 0).toInstant(ZoneOffset.UTC));

        Instant now = Instant.parse("2029-02-05T00:00:00Z");
        var dropped = partitions.dropExpired(TelemetryTable.LOGS, Duration.ofDays(30), now);

        assertThat(dropped).contains("logs_p20290101").doesNotContain("logs_p20290130");
        assertThat(partitions.partitions(TelemetryTable.LOGS)).doesNotContain("logs_p20290101");
        assertThat(db.count("SELECT count(*) FROM logs WHERE project_id = ?", "project-retention")).isEqualTo(1);
    }

    private static void insertLog(String project, Instant time) throws Exception {
        try (Connection c = pool.connection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO logs (project_id, log_id, time, severity_number) VALUES (?, gen_random_uuid(), ?, 9)")) {
            ps.setString(1, project);
            ps.setTimestamp(2, Timestamp.from(time));
            ps.executeUpdate();
        }
    }
}
