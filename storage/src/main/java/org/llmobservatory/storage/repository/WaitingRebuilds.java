package org.llmobservatory.storage.repository;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.llmobservatory.storage.query.QueryRunner;
import org.llmobservatory.storage.query.SqlStatement;

/**
 * The ranges of hours whose rollups still wait for a rebuild (after an upgrade, or a project move), per project and
 * merged so that no hour is in two, re-read at most every few seconds. Usage reads a project's waiting hours from its
 * spans. Reading a few seconds late is harmless both ways: a range rebuilt since is still read from the spans (right,
 * only slower), and a rebuild requested since replaces its hours' rollups atomically, so until then they hold what
 * they held. The read goes through the repository's runner as part of {@code usage}, so its failures are observed
 * and reported like the usage query's.
 */
final class WaitingRebuilds {

    private static final long RECHECK_NANOS = Duration.ofSeconds(5).toNanos();
    private static final String RANGES = """
            SELECT w.project_id, lower(r) AS from_time, upper(r) AS to_time
              FROM (SELECT project_id, range_agg(tstzrange(from_time, to_time)) AS ranges
                      FROM usage_rollup_rebuilds GROUP BY project_id) w,
                   unnest(w.ranges) AS r""";

    private record ProjectRange(String projectId, TimeRange range) {
    }

    private final QueryRunner runner;
    private Map<String, List<TimeRange>> ranges;
    private long readAt;

    WaitingRebuilds(QueryRunner runner) {
        this.runner = runner;
    }

    /** The waiting ranges of {@code projectId}; fails like any query when the database cannot be read. */
    synchronized List<TimeRange> ranges(String projectId) {
        long now = System.nanoTime();
        if (ranges == null || now - readAt >= RECHECK_NANOS) {
            ranges = runner.list(UsageReport.METHOD, new SqlStatement().append(RANGES),
                    rs -> new ProjectRange(rs.getString("project_id"),
                            TimeRange.of(rs.getObject("from_time", OffsetDateTime.class).toInstant(),
                                    rs.getObject("to_time", OffsetDateTime.class).toInstant())))
                    .stream().collect(Collectors.groupingBy(ProjectRange::projectId,
                            Collectors.mapping(ProjectRange::range, Collectors.toUnmodifiableList())));
            readAt = now;
        }
        return ranges.getOrDefault(projectId, List.of());
    }
}
