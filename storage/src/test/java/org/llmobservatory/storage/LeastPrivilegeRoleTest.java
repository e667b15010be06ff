package org.llmobservatory.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.auth.AccessPolicy;
import org.llmobservatory.storage.auth.ApiKeys;
import org.llmobservatory.storage.auth.IssuedKey;
import org.llmobservatory.storage.model.LogRecord;
import org.llmobservatory.storage.model.MetricPoint;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.repository.Aggregation;
import org.llmobservatory.storage.repository.LogQuery;
import org.llmobservatory.storage.repository.SeriesQuery;
import org.llmobservatory.storage.repository.TimeRange;
import org.llmobservatory.storage.repository.UsageDimension;
import org.llmobservatory.storage.repository.UsageQuery;
import org.llmobservatory.storage.repository.UsageRow;
import org.llmobservatory.storage.schema.PartitionManager;
import org.llmobservatory.storage.schema.TableSizes;
import org.llmobservatory.storage.schema.TelemetryTable;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.SampleTelemetry;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/**
 * Storage on the role a managed PostgreSQL usually hands out ({@link TestServers#freshLeastPrivilegeDatabase()}):
 * it may connect to its database, create temporary objects, and use and create in schema {@code public}, and nothing
 * more. Everything storage does at start and in its upkeep must work for it: the README promises exactly these
 * privileges.
 */
class LeastPrivilegeRoleTest {

    private static final String PROJECT = "least-privilege";

    @Test
    void the_role_holds_only_the_privileges_the_readme_asks_for() throws SQLException {
        TestDatabase db = TestServers.freshLeastPrivilegeDatabase();
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolreplication, r.rolbypassrls,
                               d.datdba = r.oid,
                               pg_has_role(current_user, (SELECT nspowner FROM pg_namespace WHERE nspname = 'public'),
                                           'MEMBER'),
                               has_database_privilege(current_user, current_database(), 'CREATE'),
                               has_database_privilege(current_user, current_database(), 'CONNECT'),
                               has_database_privilege(current_user, current_database(), 'TEMPORARY'),
                               has_schema_privilege(current_user, 'public', 'USAGE'),
                               has_schema_privilege(current_user, 'public', 'CREATE'),
                               (SELECT count(*) FROM pg_auth_members m WHERE m.member = r.oid)
                          FROM pg_roles r, pg_database d
                         WHERE r.rolname = current_user AND d.datname = current_database()
                        """);
                ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            List<Object> found = new ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                found.add(rs.getBoolean(i));
            }
            found.add(rs.getLong(13));
            assertThat(found).as("superuser, createdb, createrole, replication, bypassrls, owns the database, owns"
                    + " schema public; CREATE, CONNECT, TEMPORARY on the database; USAGE, CREATE on public;"
                    + " roles it is a member of")
                    .containsExactly(false, false, false, false, false, false, false, false, true, true, true, true,
                            0L);
        }
    }

    @Test
    void storage_migrates_writes_reads_folds_partitions_measures_keeps_keys_and_drops_old_days() throws Exception {
        TestDatabase db = TestServers.freshLeastPrivilegeDatabase();
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);
        // Three days back: a day whose partition no start-up made, so the writer must create it.
        Instant lateDay = hour.minus(3, ChronoUnit.DAYS);
        String latePartition = "spans_p" + PartitionManager.day(lateDay).toString().replace("-", "");
        List<Span> spans = new ArrayList<>(SampleTelemetry.llmSpans(PROJECT, 20, hour.plusSeconds(60)));
        spans.add(SampleTelemetry.llmSpan(PROJECT, SampleTelemetry.traceId(), lateDay));
        List<LogRecord> logs = List.of(SampleTelemetry.log(PROJECT, hour.plusSeconds(1), "first"),
                SampleTelemetry.log(PROJECT, hour.plusSeconds(2), "second"));
        List<MetricPoint> points = List.of(SampleTelemetry.gauge(PROJECT, "queue.depth", hour.plusSeconds(5), 4),
                SampleTelemetry.gauge(PROJECT, "queue.depth", hour.plusSeconds(65), 6));

        try (Storage storage = Storage.open(db.config())) {
            assertThat(db.count("SELECT count(*) FROM schema_history WHERE NOT success")).isZero();
            assertThat(storage.readinessCheck(() -> false, Duration.ofSeconds(5)).check().ready())
                    .as("every migration applied").isTrue();

            assertThat(storage.traces().writeAll(spans).get(30, TimeUnit.SECONDS).committed())
                    .isEqualTo(spans.size());
            assertThat(storage.logs().writeAll(logs).get(30, TimeUnit.SECONDS).committed()).isEqualTo(2);
            assertThat(storage.metrics().writeAll(points).get(30, TimeUnit.SECONDS).committed()).isEqualTo(2);
            assertThat(partitionExists(db, latePartition)).as("the late day's partition, made by the writer")
                    .isTrue();
            assertThat(partitionExists(db, "logs_p" + PartitionManager.day(Instant.now()).toString()
                    .replace("-", ""))).as("today's logs partition, made at start").isTrue();

            TimeRange window = TimeRange.of(hour, hour.plus(1, ChronoUnit.HOURS));
            Span first = spans.get(0);
            assertThat(storage.traceRepository().trace(PROJECT, first.traceId()))
                    .hasValueSatisfying(t -> assertThat(t.summary().spanCount()).isEqualTo(1));
            assertThat(storage.logRepository().search(LogQuery.of(PROJECT, window)).items())
                    .extracting(LogRecord::body).containsExactlyInAnyOrder("first", "second");
            assertThat(storage.metricRepository().series(SeriesQuery.of(PROJECT, "queue.depth", window,
                    Duration.ofMinutes(1), Aggregation.AVG))).singleElement()
                    .satisfies(s -> assertThat(s.points()).hasSize(2));

            assertThat(storage.foldRollups()).as("deltas folded into the rollups").isPositive();
            assertThat(db.count("SELECT count(*) FROM usage_rollup_deltas")).isZero();
            assertThat(db.count("SELECT count(*) FROM usage_rollups WHERE project_id = ?", PROJECT)).isPositive();
            List<UsageRow> usage = storage.traceRepository().usage(
                    UsageQuery.of(PROJECT, window, UsageDimension.MODEL));
            assertThat(usage).singleElement().satisfies(row -> {
                assertThat(row.requests()).isEqualTo(20);
                assertThat(row.inputTokens()).isEqualTo(20 * first.inputTokens());
            });

            Eventually.await(Duration.ofSeconds(30), "the table sizes read", () -> !storage.tableSizes().isEmpty());
            Map<String, TableSizes.TableSize> sizes = storage.tableSizes();
            assertThat(sizes).containsOnlyKeys(TableSizes.TABLES);
            assertThat(sizes.get("spans").bytes()).isPositive();
            assertThat(sizes.get("spans").partitions()).isPositive();

            ApiKeys keys = storage.keys(AccessPolicy.AUTO);
            IssuedKey key = keys.create(PROJECT, "least privilege");
            assertThat(keys.authenticate(key.token()))
                    .hasValueSatisfying(p -> assertThat(p.projectId()).isEqualTo(PROJECT));
            assertThat(keys.authenticate(null)).as("a key now required").isEmpty();
            assertThat(keys.revoke(key.key().keyId())).isTrue();
            keys.reopen("least privilege test");
            assertThat(keys.authenticate(null)).as("open again").isPresent();
        }

        // Retention: the hourly upkeep drops the days past it, as the same role.
        try (StoragePool pool = db.pool(2)) {
            PartitionManager partitions = new PartitionManager(pool.dataSource());
            assertThat(partitions.dropExpired(TelemetryTable.SPANS, Duration.ofDays(2), Instant.now()))
                    .containsExactly(latePartition);
        }
        assertThat(partitionExists(db, latePartition)).isFalse();
    }

    private static boolean partitionExists(TestDatabase db, String name) {
        return db.count("SELECT count(*) FROM pg_class WHERE relname = ? AND relispartition", name) == 1;
    }
}
