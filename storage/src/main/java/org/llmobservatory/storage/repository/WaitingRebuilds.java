package org.llmobservatory.storage.repository;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.llmobservatory.storage.query.QueryRunner;
import org.llmobservatory.storage.query.SqlStatement;

/**
 * The ranges of hours whose rollups still wait for a rebuild (after an upgrade), merged so that no hour is in two,
 * re-read at most every few seconds. Usage reads those hours from the spans. Reading a few seconds late is harmless
 * both ways: a range rebuilt since is still read from the spans (right, only slower), and a rebuild requested since
 * replaces its hours' rollups atomically, so until then they hold what they held. The read goes through the
 * repository's runner as part of {@code usage}, so its failures are observed and reported like the usage query's.
 */
final class WaitingRebuilds {

    private static final long RECHECK_NANOS = Duration.ofSeconds(5).toNanos();
    private static final String RANGES = """
            SELECT lower(r) AS from_time, upper(r) AS to_time
              FROM unnest((SELECT range_agg(tstzrange(from_time, to_time)) FROM usage_rollup_rebuilds)) AS r""";

    private final QueryRunner runner;
    private List<TimeRange> ranges;
    private long readAt;

    WaitingRebuilds(QueryRunner runner) {
        this.runner = runner;
    }

    /** The waiting ranges; fails like any query when the database cannot be read. */
    synchronized List<TimeRange> ranges() {
        long now = System.nanoTime();
        if (ranges == null || now - readAt >= RECHECK_NANOS) {
            ranges = List.copyOf(runner.list(UsageReport.METHOD, new SqlStatement().append(RANGES),
                    rs -> TimeRange.of(rs.getObject("from_time", OffsetDateTime.class).toInstant(),
                            rs.getObject("to_time", OffsetDateTime.class).toInstant())));
            readAt = now;
        }
        return ranges;
    }
}
