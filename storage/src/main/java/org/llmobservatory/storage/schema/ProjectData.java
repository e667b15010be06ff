package org.llmobservatory.storage.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.llmobservatory.storage.model.ProjectId;
import org.llmobservatory.storage.query.QueryObserver;
import org.llmobservatory.storage.query.QueryRunner;
import org.llmobservatory.storage.query.RepositoryKind;

/**
 * The telemetry of one project as a whole. {@link #move} files everything of one project under another: the way to
 * give data sent while the service was open (project {@code default}) to the project of a key created later.
 */
public final class ProjectData {

    private static final String COPY_RESOURCES = """
            INSERT INTO span_resources (project_id, resource_id, attributes)
            SELECT ?, resource_id, attributes FROM span_resources WHERE project_id = ?
                ON CONFLICT DO NOTHING""";

    /**
     * The hours of the moved LLM spans, queued for a rollup rebuild of both projects: the target's rollups there then
     * hold its spans and the moved ones, the source's hold nothing.
     */
    private static final String REBUILD_ROLLUPS = """
            INSERT INTO usage_rollup_rebuilds (project_id, from_time, to_time, reason)
            SELECT p.project_id, r.from_time, r.to_time, ?
              FROM (SELECT date_bin('1 hour', min(start_time), timestamptz '1970-01-01 00:00:00+00') AS from_time,
                           date_bin('1 hour', max(start_time), timestamptz '1970-01-01 00:00:00+00')
                               + interval '1 hour' AS to_time
                      FROM spans
                     WHERE project_id = ? AND model IS NOT NULL
                    HAVING count(*) > 0) r,
                   (VALUES (?), (?)) AS p (project_id)""";

    private final QueryRunner runner;

    public ProjectData(DataSource dataSource) {
        this(dataSource, QueryObserver.NONE);
    }

    /** Project data whose statements {@code observer} hears, as repository {@code schema}. */
    public ProjectData(DataSource dataSource, QueryObserver observer) {
        this.runner = new QueryRunner(dataSource, observer, RepositoryKind.SCHEMA);
    }

    /** What a move did to one table: rows now filed under the target, and rows the target already had. */
    public record Moved(long rows, long alreadyThere) {
    }

    /**
     * Moves every span, log record and metric point of project {@code from} to project {@code to}, in one
     * transaction: readers see all of it moved or none. A row the target already holds (the same span sent under
     * both) is kept once.
     *
     * @throws IllegalArgumentException when a project name is invalid or both are the same
     */
    public Map<TelemetryTable, Moved> move(String from, String to) throws SQLException {
        ProjectId.require(from);
        ProjectId.require(to);
        if (from.equals(to)) {
            throw new IllegalArgumentException("the projects to move from and to are both '" + from + "'");
        }
        return runner.inTransaction("move_project", c -> {
            Map<TelemetryTable, Moved> moved = new EnumMap<>(TelemetryTable.class);
            // The target gets the resources its spans will refer to (spans keep only the resource's key), and
            // the usage rollups of the hours the moved spans started in are recomputed in the background (until
            // then, usage reads those hours from the spans).
            update(c, COPY_RESOURCES, to, from);
            try (PreparedStatement ps = c.prepareStatement(REBUILD_ROLLUPS)) {
                ps.setString(1, "moved from project '" + from + "' to '" + to + "'");
                ps.setString(2, from);
                ps.setString(3, from);
                ps.setString(4, to);
                ps.executeUpdate();
            }
            for (TelemetryTable table : TelemetryTable.values()) {
                long duplicates = update(c, dropDuplicates(table), from, to);
                long rows = update(c, "UPDATE " + table.tableName() + " SET project_id = ? WHERE project_id = ?",
                        to, from);
                moved.put(table, new Moved(rows, duplicates));
            }
            return moved;
        }, moved -> (int) Math.min(Integer.MAX_VALUE, moved.values().stream().mapToLong(Moved::rows).sum()));
    }

    /** Deletes the rows of project ? (the source) that project ? (the target) already holds. */
    private static String dropDuplicates(TelemetryTable table) {
        String sameRow = table.keyColumns().stream().map(col -> "t." + col + " = s." + col)
                .collect(Collectors.joining(" AND "));
        return "DELETE FROM " + table.tableName() + " s WHERE s.project_id = ? AND EXISTS (SELECT 1 FROM "
                + table.tableName() + " t WHERE t.project_id = ? AND " + sameRow + ")";
    }

    private static long update(Connection c, String sql, String first, String second) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, first);
            ps.setString(2, second);
            return ps.executeLargeUpdate();
        }
    }
}
