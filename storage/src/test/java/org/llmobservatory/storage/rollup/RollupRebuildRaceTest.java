package org.llmobservatory.storage.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.config.Retention;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.repository.TimeRange;
import org.llmobservatory.storage.repository.TraceRepository;
import org.llmobservatory.storage.repository.UsageDimension;
import org.llmobservatory.storage.repository.UsageQuery;
import org.llmobservatory.storage.schema.PartitionManager;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.Spans;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;
import org.llmobservatory.storage.writer.TraceWriter;
import org.llmobservatory.storage.writer.WriteObserver;

/**
 * A rebuild that waits for the rollup lock while another instance folds (or a command rebuilds while the service
 * folds) starts from a snapshot older than that fold: it must try again rather than fail or count twice.
 */
class RollupRebuildRaceTest {

    private static final Instant T0 = Instant.parse("2031-09-01T10:00:00Z");

    @Test
    void a_rebuild_that_waited_for_a_fold_tries_again_and_ends_exact() throws Exception {
        TestDatabase db = TestServers.freshDatabase();
        try (StoragePool pool = db.migratedPool()) {
            PartitionManager partitions = new PartitionManager(pool.dataSource());
            try (TraceWriter writer = new TraceWriter(pool, partitions, WriterSettings.DEFAULTS, WriteObserver.NONE)) {
                writer.writeAll(List.of(Spans.llmCall("race", Spans.traceId(), T0.plusSeconds(60), 100).build(),
                        Spans.llmCall("race", Spans.traceId(), T0.plusSeconds(120), 200).build()))
                        .get(30, TimeUnit.SECONDS);
            }
            RollupMaintenance rebuilder = new RollupMaintenance(pool.dataSource(), Retention.DEFAULTS,
                    Clock.systemUTC());

            CompletableFuture<Long> rebuild;
            try (Connection fold = pool.connection()) {
                // A fold holds the lock and has written this hour's rollups when the rebuild asks for it.
                fold.setAutoCommit(false);
                RollupLock.take(fold);
                try (PreparedStatement ps = fold.prepareStatement("WITH d AS (DELETE FROM usage_rollup_deltas"
                        + " RETURNING " + RollupRows.COLUMNS + ") INSERT INTO usage_rollups (" + RollupRows.COLUMNS
                        + ") SELECT " + RollupRows.COLUMNS + " FROM d")) {
                    assertThat(ps.executeUpdate()).isPositive();
                }
                rebuild = CompletableFuture.supplyAsync(() -> {
                    try {
                        return rebuilder.rebuild(T0, T0.plus(Duration.ofHours(1)), spans -> { });
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Eventually.await(Duration.ofSeconds(30), "the rebuild waiting for the lock", () -> db.count(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") == 1);
                fold.commit();
            }

            assertThat(rebuild.get(30, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(new TraceRepository(pool, null).usage(UsageQuery.of("race",
                    TimeRange.of(T0, T0.plus(Duration.ofHours(1))), UsageDimension.MODEL)))
                    .singleElement().satisfies(row -> {
                        assertThat(row.requests()).isEqualTo(2);
                        assertThat(row.inputTokens()).isEqualTo(2 * Spans.llmCall("race", Spans.traceId(), T0, 1)
                                .build().inputTokens());
                    });
        }
    }
}
