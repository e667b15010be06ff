package org.llmobservatory.storage.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.llmobservatory.storage.error.SqlErrors;
import org.llmobservatory.storage.pool.StoragePool;

/**
 * The ranges of hours whose rollups still wait for a rebuild (after an upgrade), merged so that no hour is in two,
 * re-read at most every few seconds. Usage reads those hours from the spans. Reading a few seconds late is harmless
 * both ways: a range rebuilt since is still read from the spans (right, only slower), and a rebuild requested since
 * replaces its hours' rollups atomically, so until then they hold what they held.
 */
final class WaitingRebuilds {

    private static final long RECHECK_NANOS = Duration.ofSeconds(5).toNanos();
    private static final String RANGES = """
            SELECT lower(r), upper(r)
              FROM unnest((SELECT range_agg(tstzrange(from_time, to_time)) FROM usage_rollup_rebuilds)) AS r""";

    private final StoragePool pool;
    private List<TimeRange> ranges;
    private long readAt;

    WaitingRebuilds(StoragePool pool) {
        this.pool = pool;
    }

    /** The waiting ranges; fails like any query when the database cannot be read. */
    synchronized List<TimeRange> ranges() {
        long now = System.nanoTime();
        if (ranges == null || now - readAt >= RECHECK_NANOS) {
            try (Connection c = pool.connection(); PreparedStatement ps = c.prepareStatement(RANGES);
                    ResultSet rs = ps.executeQuery()) {
                List<TimeRange> read = new ArrayList<>();
                while (rs.next()) {
                    read.add(TimeRange.of(rs.getObject(1, OffsetDateTime.class).toInstant(),
                            rs.getObject(2, OffsetDateTime.class).toInstant()));
                }
                ranges = List.copyOf(read);
                readAt = now;
            } catch (SQLException e) {
                throw new StorageQueryException(UsageReport.METHOD, SqlErrors.classify(e), e);
            }
        }
        return ranges;
    }
}
