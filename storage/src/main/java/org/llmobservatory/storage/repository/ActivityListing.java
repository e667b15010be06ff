package org.llmobservatory.storage.repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.llmobservatory.storage.query.QueryRunner;
import org.llmobservatory.storage.query.SqlStatement;

/**
 * The list_sessions and list_users queries. The page of ids comes first, from the spans that carry them (an index
 * on each id column makes that a small share of the window); only then are the sums read, over every span of those
 * ids' traces, through the primary key. Newest activity first, keyset paged by (latest start, id).
 */
final class ActivityListing {

    static final String SESSIONS = "list_sessions";
    static final String USERS = "list_users";

    /** %1$s is the id column, %2$s what else is read of the spans carrying it; both constants below. */
    private static final String KEYS = """
            WITH keys AS (
                SELECT %1$s AS key, %2$s AS extra, min(start_time) AS first_seen, max(start_time) AS last_seen
                  FROM spans
                 WHERE project_id = ? AND start_time >= ? AND start_time < ? AND %1$s IS NOT NULL""";
    private static final String USER = "AND user_id = ?";
    private static final String SERVICE = "AND service_name = ?";
    private static final String GROUP = """
                 GROUP BY %1$s
                HAVING true""";
    private static final String AFTER = "AND (max(start_time), %1$s) < (?, ?)";
    private static final String TOTALS = """
                 ORDER BY last_seen DESC, key DESC
                 LIMIT ?
            )
            SELECT k.key, k.extra, k.first_seen, k.last_seen, t.*
              FROM keys k
             CROSS JOIN LATERAL (
                   SELECT count(DISTINCT s.trace_id) AS trace_count,
                          count(*) AS span_count,
                          count(*) FILTER (WHERE s.status_code = 'error') AS error_count,
                          coalesce(sum(s.input_tokens), 0) AS input_tokens,
                          coalesce(sum(s.output_tokens), 0) AS output_tokens,
                          coalesce(sum(s.total_tokens), 0) AS total_tokens,
                          coalesce(sum(s.cost_usd), 0) AS cost_usd
                     FROM spans s
                    WHERE s.project_id = ? AND s.start_time >= ? AND s.start_time < ?
                      AND s.trace_id IN (SELECT m.trace_id FROM spans m
                                          WHERE m.project_id = ? AND m.start_time >= ? AND m.start_time < ?
                                            AND m.%1$s = k.key)) t
             ORDER BY k.last_seen DESC, k.key DESC""";

    private final QueryRunner runner;

    ActivityListing(QueryRunner runner) {
        this.runner = runner;
    }

    Page<SessionSummary> sessions(ActivityQuery q) {
        SqlStatement sql = statement(q, Cursor.Listing.SESSIONS, "session_id", "min(user_id)");
        return runner.query(SESSIONS, sql, ActivityListing::session,
                rows -> Page.of(rows, q.limit(), s -> new Cursor(s.lastSeen(), s.sessionId())
                        .encode(Cursor.Listing.SESSIONS, q.filters())),
                page -> page.items().size());
    }

    Page<UserSummary> users(ActivityQuery q) {
        SqlStatement sql = statement(q, Cursor.Listing.USERS, "user_id", "count(DISTINCT session_id)");
        return runner.query(USERS, sql, ActivityListing::user,
                rows -> Page.of(rows, q.limit(), u -> new Cursor(u.lastSeen(), u.userId())
                        .encode(Cursor.Listing.USERS, q.filters())),
                page -> page.items().size());
    }

    /** {@code column} and {@code extra} are constants of this class, never input. */
    private static SqlStatement statement(ActivityQuery q, Cursor.Listing listing, String column, String extra) {
        TimeRange r = q.range();
        SqlStatement sql = new SqlStatement().append(KEYS.formatted(column, extra), q.projectId(), r.from(), r.to())
                .filter(USER, q.userId()).filter(SERVICE, q.serviceName()).append(GROUP.formatted(column));
        if (q.cursor() != null) {
            Cursor after = Cursor.decode(listing, q.cursor(), q.filters());
            sql.append(AFTER.formatted(column), after.time(), after.firstId());
        }
        return sql.append(TOTALS.formatted(column), q.limit() + 1, q.projectId(), r.from(), r.to(), q.projectId(),
                r.from(), r.to()).plannedForItsValues();
    }

    private static SessionSummary session(ResultSet rs) throws SQLException {
        return new SessionSummary(rs.getString("key"), rs.getString("extra"), rs.getLong("trace_count"),
                rs.getLong("span_count"), rs.getLong("error_count"), rs.getLong("input_tokens"),
                rs.getLong("output_tokens"), rs.getLong("total_tokens"), rs.getBigDecimal("cost_usd"),
                Rows.instant(rs, "first_seen"), Rows.instant(rs, "last_seen"));
    }

    private static UserSummary user(ResultSet rs) throws SQLException {
        return new UserSummary(rs.getString("key"), rs.getLong("extra"), rs.getLong("trace_count"),
                rs.getLong("span_count"), rs.getLong("error_count"), rs.getLong("input_tokens"),
                rs.getLong("output_tokens"), rs.getLong("total_tokens"), rs.getBigDecimal("cost_usd"),
                Rows.instant(rs, "first_seen"), Rows.instant(rs, "last_seen"));
    }
}
