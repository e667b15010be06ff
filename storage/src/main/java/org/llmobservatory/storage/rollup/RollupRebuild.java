package org.llmobservatory.storage.rollup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recomputes the rollups of one project over a range of whole hours from its spans: what the upgrade does for the
 * spans stored before rollups existed, what a project move asks for, and what {@code observatory rollups rebuild}
 * does on request, project by project. Idempotent: a rebuilt range holds exactly what its spans add up to, however
 * often it is rebuilt. Every statement names the project, so that a store sharded by project runs a rebuild on the
 * one shard that holds the project, in one snapshot.
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
                     WHERE project_id = ? AND start_time >= ? AND start_time < ? AND model IS NOT NULL
                     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) raw""".formatted(RollupGrain.FIVE_MINUTES.code(),
            RawUsage.AS_HISTOGRAM, RollupGrain.FIVE_MINUTES.period().toSeconds(), RawUsage.LATENCY_INDEX,
            RawUsage.SUMS);

    /**
     * The projects a rebuild of [from, to) has something to do for: those with LLM spans there, and those with
     * rollups or deltas there (which a rebuild deletes when their spans are gone, as after a project move).
     */
    private static final String PROJECTS = """
            SELECT project_id FROM spans WHERE start_time >= ? AND start_time < ? AND model IS NOT NULL
            UNION SELECT project_id FROM usage_rollups WHERE period_start >= ? AND period_start < ?
            UNION SELECT project_id FROM usage_rollup_deltas WHERE period_start >= ? AND period_start < ?
            ORDER BY project_id""";

    private RollupRebuild() {
    }

    /** The projects with LLM spans, rollups or deltas in [from, to), in order. */
    static List<String> projects(Connection c, Instant from, Instant to) throws SQLException {
        List<String> projects = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PROJECTS)) {
            for (int i = 1; i <= 6; i += 2) {
                ps.setObject(i, utc(from));
                ps.setObject(i + 1, utc(to));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    projects.add(rs.getString(1));
                }
            }
        }
        return projects;
    }

    /**
     * Replaces the rollups and deltas of {@code project} in the hours [from, to) (whole hours) with what its spans of
     * those hours add up to, in the caller's transaction, which must be REPEATABLE READ and hold the
     * {@link RollupLock}: one snapshot for reading the spans and removing the deltas, so that a batch committing
     * meanwhile is counted exactly once (by its delta, which this snapshot does not see).
     *
     * @return the spans counted
     */
    static long rebuild(Connection c, String project, Instant from, Instant to) throws SQLException {
        for (String table : new String[] {"usage_rollups", "usage_rollup_deltas"}) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table
                    + " WHERE project_id = ? AND period_start >= ? AND period_start < ?")) {
                ps.setString(1, project);
                ps.setObject(2, utc(from));
                ps.setObject(3, utc(to));
                ps.executeUpdate();
            }
        }
        Map<RollupKey, UsageCell> cells = new HashMap<>();
        long spans = 0;
        try (PreparedStatement ps = c.prepareStatement(CELLS)) {
            ps.setString(1, project);
            ps.setObject(2, utc(from));
            ps.setObject(3, utc(to));
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

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
