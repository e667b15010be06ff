package org.llmobservatory.storage.rollup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Recomputes the rollups of a range of whole hours from the spans themselves: what the upgrade does for the spans
 * stored before rollups existed, and what {@code observatory rollups rebuild} does on request. Idempotent: a
 * rebuilt range holds exactly what its spans add up to, however often it is rebuilt.
 */
final class RollupRebuild {

    private static final String CELLS = """
            SELECT project_id, %d::smallint AS grain, period_start, service_name, provider, model, operation, status_code,
                   %s
              FROM (SELECT project_id,
                           date_bin('%d seconds', start_time, timestamptz '1970-01-01 00:00:00+00') AS period_start,
                           coalesce(service_name, '') AS service_name, coalesce(provider, '') AS provider, model,
                           coalesce(operation, '') AS operation, status_code, %s AS latency_index,
                           %s
                      FROM spans
                     WHERE start_time >= ? AND start_time < ? AND model IS NOT NULL
                     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) raw""".formatted(RollupGrain.FIVE_MINUTES.code(),
            RawUsage.AS_HISTOGRAM, RollupGrain.FIVE_MINUTES.period().toSeconds(), RawUsage.LATENCY_INDEX,
            RawUsage.SUMS);

    private RollupRebuild() {
    }

    /**
     * Replaces the rollups and deltas of the hours in [from, to) (whole hours) with what the spans of those hours
     * add up to, in the caller's transaction, which must be REPEATABLE READ and hold the {@link RollupLock}: one
     * snapshot for reading the spans and removing the deltas, so that a batch committing meanwhile is counted
     * exactly once (by its delta, which this snapshot does not see).
     *
     * @return the spans counted
     */
    static long rebuild(Connection c, Instant from, Instant to) throws SQLException {
        for (String table : new String[] {"usage_rollups", "usage_rollup_deltas"}) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table
                    + " WHERE period_start >= ? AND period_start < ?")) {
                ps.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
                ps.setObject(2, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
                ps.executeUpdate();
            }
        }
        Map<RollupKey, UsageCell> cells = new HashMap<>();
        long spans = 0;
        try (PreparedStatement ps = c.prepareStatement(CELLS)) {
            ps.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            ps.setObject(2, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RollupCompactor.add(cells, rs);
                    spans += rs.getLong("requests");
                }
            }
        }
        RollupRows.insert(c, "usage_rollups", RollupGrain.everyGrain(cells));
        return spans;
    }
}
