package org.llmobservatory.storage.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.config.Retention;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.repository.TimeRange;
import org.llmobservatory.storage.repository.TraceRepository;
import org.llmobservatory.storage.repository.UsageDimension;
import org.llmobservatory.storage.repository.UsageQuery;
import org.llmobservatory.storage.repository.UsageRow;
import org.llmobservatory.storage.rollup.RollupMaintenance;
import org.llmobservatory.storage.support.Spans;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;
import org.llmobservatory.storage.writer.TraceWriter;
import org.llmobservatory.storage.writer.WriteObserver;

/**
 * The migration to keys a sharded store can keep (V9) on a database that holds usage not yet folded and a rebuild
 * still waiting: the deltas are kept, each with its own key and in the order they were written, the waiting rebuild
 * is queued for each project, and usage of every project is the same before and after the upgrade, and after the
 * upkeep folds and rebuilds under the new keys.
 */
class DistributableKeysMigrationTest {

    private static final Instant T0 = Instant.parse("2031-10-01T10:00:00Z");
    private static final String DELTA_ROWS = "SELECT project_id, period_start, model, requests, input_tokens, latency"
            + " FROM usage_rollup_deltas ORDER BY ";

    @Test
    void deltas_and_a_waiting_rebuild_of_two_projects_come_through_the_upgrade_and_add_up() throws Exception {
        TestDatabase older = TestServers.freshDatabase();
        try (StoragePool pool = older.pool(4)) {
            Flyway.configure().dataSource(pool.dataSource()).locations("classpath:db/migration")
                    .table("schema_history").target("8").load().migrate();
            // The first hour: spans of both projects whose rollups are to be rebuilt (their deltas are gone), as V8
            // queued it, for no project in particular. The second hour: deltas waiting to be folded, in three
            // batches.
            List<Span> waiting = new ArrayList<>();
            List<Span> unfolded = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String project = i % 3 == 0 ? "beta" : "alpha";
                waiting.add(Spans.llmCall(project, Spans.traceId(), T0.plusSeconds(60L * i), 100 + i).build());
                unfolded.add(Spans.llmCall(project, Spans.traceId(), T0.plus(Duration.ofHours(1)).plusSeconds(
                        600L * i), 200 + i).build());
            }
            try (TraceWriter writer = new TraceWriter(pool, new PartitionManager(pool.dataSource()),
                    WriterSettings.DEFAULTS, WriteObserver.NONE)) {
                writer.writeAll(waiting).get(30, TimeUnit.SECONDS);
                for (int batch = 0; batch < 3; batch++) {
                    writer.writeAll(unfolded.subList(2 * batch, 2 * batch + 2)).get(30, TimeUnit.SECONDS);
                }
            }
            try (Connection c = pool.connection(); PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM usage_rollup_deltas WHERE period_start < ?")) {
                ps.setObject(1, utc(T0.plus(Duration.ofHours(1))));
                assertThat(ps.executeUpdate()).isPositive();
            }
            try (Connection c = pool.connection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO usage_rollup_rebuilds (from_time, to_time, reason) VALUES (?, ?, 'an upgrade')")) {
                ps.setObject(1, utc(T0));
                ps.setObject(2, utc(T0.plus(Duration.ofHours(1))));
                ps.executeUpdate();
            }
            List<List<Object>> deltasInOrder = rows(pool, DELTA_ROWS + "id");
            assertThat(deltasInOrder).hasSizeGreaterThanOrEqualTo(4);

            new Migrations(pool.dataSource()).apply();

            assertThat(rows(pool, DELTA_ROWS + "written_at")).as("the deltas, in the order they were written")
                    .isEqualTo(deltasInOrder);
            assertThat(older.count("SELECT count(DISTINCT (project_id, delta_id)) FROM usage_rollup_deltas"))
                    .isEqualTo(deltasInOrder.size());
            assertThat(rows(pool, "SELECT project_id, from_time, to_time, reason FROM usage_rollup_rebuilds"
                    + " ORDER BY project_id")).as("the waiting range, queued for each project").containsExactly(
                    List.of("alpha", T0, T0.plus(Duration.ofHours(1)), "an upgrade"),
                    List.of("beta", T0, T0.plus(Duration.ofHours(1)), "an upgrade"));
            // Usage right after the upgrade: the waiting hour from the spans, the next from the deltas.
            TraceRepository traces = new TraceRepository(pool, null);
            List<UsageRow> alphaBefore = traces.usage(usage("alpha"));
            List<UsageRow> betaBefore = traces.usage(usage("beta"));
            assertThat(alphaBefore).singleElement().satisfies(row -> {
                assertThat(row.requests()).isEqualTo(8);
                assertThat(row.inputTokens()).isEqualTo(800);
            });
            assertThat(betaBefore).singleElement().satisfies(row -> {
                assertThat(row.requests()).isEqualTo(4);
                assertThat(row.inputTokens()).isEqualTo(400);
            });

            try (RollupMaintenance upkeep = new RollupMaintenance(pool.dataSource(), Retention.DEFAULTS,
                    Clock.systemUTC())) {
                upkeep.runOnce();
            }

            assertThat(older.count("SELECT count(*) FROM usage_rollup_deltas")).isZero();
            assertThat(older.count("SELECT count(*) FROM usage_rollup_rebuilds")).isZero();
            assertThat(older.count("SELECT count(DISTINCT project_id) FROM usage_rollups")).isEqualTo(2);
            assertThat(traces.usage(usage("alpha"))).as("alpha's usage, folded and rebuilt").isEqualTo(alphaBefore);
            assertThat(traces.usage(usage("beta"))).as("beta's usage, folded and rebuilt").isEqualTo(betaBefore);
        }
    }

    /** Usage by model over the two hours, whole: from rollups, deltas and (for hours waiting) spans. */
    private static UsageQuery usage(String project) {
        return UsageQuery.of(project, TimeRange.of(T0, T0.plus(Duration.ofHours(2))), UsageDimension.MODEL);
    }

    private static List<List<Object>> rows(StoragePool pool, String sql) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = pool.connection(); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    row.add(value instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes)
                            : value instanceof java.sql.Timestamp t ? t.toInstant() : value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
