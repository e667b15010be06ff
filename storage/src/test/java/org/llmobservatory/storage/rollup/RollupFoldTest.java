package org.llmobservatory.storage.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.schema.PartitionManager;
import org.llmobservatory.storage.support.SampleTelemetry;
import org.llmobservatory.storage.support.TestServers;
import org.llmobservatory.storage.writer.TraceWriter;
import org.llmobservatory.storage.writer.WriteObserver;

/**
 * The fold of one project's deltas: oldest first, a bounded number per transaction, the rest in the rounds after; and
 * its statement planned without a join whatever the table's statistics, so that a queue that grew after they were
 * taken on an empty table is folded in one pass over it.
 */
class RollupFoldTest {

    private static final String PROJECT = "fold";

    private StoragePool pool;
    private TraceWriter writer;

    @BeforeEach
    void start() throws Exception {
        pool = TestServers.freshDatabase().migratedPool();
        writer = new TraceWriter(pool, new PartitionManager(pool.dataSource()),
                WriterSettings.DEFAULTS.withFlushInterval(Duration.ofMillis(10)), WriteObserver.NONE);
        assertThat(writer.writeAll(SampleTelemetry.llmSpans(PROJECT, 3, Instant.now())).get(60, TimeUnit.SECONDS)
                .allCommitted()).isTrue();
    }

    @AfterEach
    void stop() {
        writer.close();
        pool.close();
    }

    @Test
    void each_fold_takes_the_oldest_deltas_of_a_project_and_the_next_rounds_the_rest() throws Exception {
        copyDeltas("usage_rollup_deltas", 120);
        List<UUID> oldestFirst = deltaIds();
        assertThat(oldestFirst).hasSizeGreaterThan(120);
        RollupCompactor compactor = new RollupCompactor(pool.dataSource(), 50);

        RollupCompactor.Round first = compactor.foldRound();
        assertThat(first.folded()).isEqualTo(50);
        assertThat(first.complete()).isFalse();
        assertThat(deltaIds()).containsExactlyElementsOf(oldestFirst.subList(50, oldestFirst.size()));

        RollupCompactor.Round second = compactor.foldRound();
        assertThat(second.folded()).isEqualTo(50);
        assertThat(deltaIds()).containsExactlyElementsOf(oldestFirst.subList(100, oldestFirst.size()));

        RollupCompactor.Round last = compactor.foldRound();
        assertThat(last.folded()).isEqualTo(oldestFirst.size() - 100);
        assertThat(last.complete()).isTrue();
        assertThat(deltaIds()).isEmpty();
    }

    /**
     * The deltas are a queue, often empty when autovacuum analyzes it; a plan cached from those statistics is then
     * used on a queue of thousands. The statement this one replaced was then planned as a nested loop that scanned the
     * project's oldest deltas once per delta (a fold of 36,000 ran past the 30 s statement timeout, every round).
     */
    @Test
    void the_fold_finds_its_oldest_deltas_once_even_with_the_statistics_of_an_empty_queue() throws Exception {
        try (Connection c = pool.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE delta_template AS SELECT * FROM usage_rollup_deltas LIMIT 1");
            st.execute("DELETE FROM usage_rollup_deltas");
            st.execute("ANALYZE usage_rollup_deltas");
        }
        copyDeltas("delta_template", 30_000);
        for (String mode : List.of("force_generic_plan", "force_custom_plan")) {
            String plan = takePlan(mode);
            // An index range, or a scan with its oldest found once (an InitPlan): never a join, nor a subplan run
            // again for each row.
            assertThat(plan).as("the fold's plan (%s)", mode).doesNotContain("Join", "Nested Loop", "SubPlan");
        }
    }

    /**
     * Copies of one delta of the project found in {@code source}, each written a second before the last: the oldest is
     * the last copy.
     */
    private void copyDeltas(String source, int copies) throws SQLException {
        try (Connection c = pool.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO usage_rollup_deltas (" + RollupRows.COLUMNS + ", written_at) SELECT "
                        + RollupRows.COLUMNS + ", now() - g * interval '1 second' FROM (SELECT * FROM " + source
                        + " WHERE project_id = ? LIMIT 1) d, generate_series(1, ?) g")) {
            ps.setString(1, PROJECT);
            ps.setInt(2, copies);
            assertThat(ps.executeUpdate()).isEqualTo(copies);
        }
    }

    private List<UUID> deltaIds() throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = pool.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT delta_id, written_at FROM usage_rollup_deltas WHERE project_id = ? ORDER BY written_at,"
                        + " delta_id")) {
            ps.setString(1, PROJECT);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }

    /** The plan of the fold's statement for the project, prepared as the pooled connection prepares it. */
    private String takePlan(String planCacheMode) throws SQLException {
        String take = RollupCompactor.TAKE;
        for (int i = 1; take.contains("?"); i++) {
            take = take.replaceFirst("\\?", "\\$" + i);
        }
        StringBuilder plan = new StringBuilder();
        try (Connection c = pool.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("SET plan_cache_mode = " + planCacheMode);
            st.execute("PREPARE take (text, text, integer) AS " + take);
            try {
                try (ResultSet rs = st.executeQuery("EXPLAIN EXECUTE take('" + PROJECT + "', '" + PROJECT
                        + "', 19999)")) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
            } finally {
                st.execute("DEALLOCATE take");
                st.execute("RESET plan_cache_mode");
            }
        }
        return plan.toString();
    }
}
