package org.llmobservatory.storage.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.config.Retention;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.repository.TimeRange;
import org.llmobservatory.storage.repository.TraceRepository;
import org.llmobservatory.storage.repository.UsageDimension;
import org.llmobservatory.storage.repository.UsageQuery;
import org.llmobservatory.storage.rollup.RollupMaintenance;
import org.llmobservatory.storage.support.Spans;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;
import org.llmobservatory.storage.writer.TraceWriter;
import org.llmobservatory.storage.writer.WriteObserver;

/**
 * A project move queues the moved hours for a rollup rebuild of both projects (rebuilds work one project at a time
 * since V9): once rebuilt, the target's usage counts the moved spans and the source's counts nothing, while a third
 * project's usage is untouched.
 */
class ProjectMoveRollupsTest {

    private static final Instant T0 = Instant.parse("2031-11-01T10:00:00Z");

    @Test
    void after_a_move_and_its_rebuild_the_usage_of_the_moved_spans_is_the_targets_alone() throws Exception {
        TestDatabase db = TestServers.freshDatabase();
        try (StoragePool pool = db.migratedPool();
                RollupMaintenance upkeep = new RollupMaintenance(pool.dataSource(), Retention.DEFAULTS,
                        Clock.systemUTC())) {
            try (TraceWriter writer = new TraceWriter(pool, new PartitionManager(pool.dataSource()),
                    WriterSettings.DEFAULTS, WriteObserver.NONE)) {
                writer.writeAll(List.of(
                        Spans.llmCall("default", Spans.traceId(), T0.plusSeconds(10), 100).build(),
                        Spans.llmCall("default", Spans.traceId(), T0.plus(Duration.ofHours(2)), 100).build(),
                        Spans.llmCall("shop", Spans.traceId(), T0.plusSeconds(20), 100).build(),
                        Spans.llmCall("other", Spans.traceId(), T0.plusSeconds(30), 100).build()))
                        .get(30, TimeUnit.SECONDS);
            }
            upkeep.foldAll();
            TraceRepository traces = new TraceRepository(pool, null);
            assertThat(requests(traces, "default")).isEqualTo(2);

            new ProjectData(pool.dataSource()).move("default", "shop");
            assertThat(db.count("SELECT count(*) FROM usage_rollup_rebuilds")).as("one range for each project")
                    .isEqualTo(2);
            assertThat(upkeep.rebuildWaiting()).as("three hours of two projects, a day step each").isEqualTo(2);

            assertThat(requests(traces, "default")).isZero();
            assertThat(requests(traces, "shop")).isEqualTo(3);
            assertThat(requests(traces, "other")).isEqualTo(1);
            assertThat(db.count("SELECT count(*) FROM usage_rollups WHERE project_id = 'default'")).isZero();
        }
    }

    private static long requests(TraceRepository traces, String project) {
        return traces.usage(UsageQuery.of(project, TimeRange.of(T0, T0.plus(Duration.ofHours(3))),
                UsageDimension.MODEL)).stream().mapToLong(row -> row.requests()).sum();
    }
}
