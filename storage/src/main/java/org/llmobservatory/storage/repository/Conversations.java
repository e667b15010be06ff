package org.llmobservatory.storage.repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.llmobservatory.storage.model.SpanIds;
import org.llmobservatory.storage.query.QueryRunner;
import org.llmobservatory.storage.query.SqlStatement;

/**
 * The get_session query: the traces that carry a session id in the window, oldest first, each with its root, its
 * sums, the prompt of its first LLM call and the completion of its last; each looked up through the primary key for
 * the traces of the session only.
 */
final class Conversations {

    static final String METHOD = "get_session";
    /** The most turns one answer holds; a longer session is read with a narrower window. */
    static final int MAX_TURNS = 1000;

    private static final String TURNS = """
            WITH turns AS (
                SELECT trace_id, min(user_id) AS user_id
                  FROM spans
                 WHERE project_id = ? AND session_id = ? AND start_time >= ? AND start_time < ?
                 GROUP BY trace_id
            )
            SELECT t.trace_id, t.user_id, x.*, root.name AS root_name, root.service_name AS root_service,
                   prompt.input_content, answer.output_content
              FROM turns t
             CROSS JOIN LATERAL (
                   SELECT min(s.start_time) AS start_time, max(s.end_time) AS end_time,
                          count(*) FILTER (WHERE s.status_code = 'error') AS error_count,
                          coalesce(sum(s.total_tokens), 0) AS total_tokens,
                          coalesce(sum(s.cost_usd), 0) AS cost_usd
                     FROM spans s
                    WHERE s.project_id = ? AND s.trace_id = t.trace_id AND s.start_time >= ? AND s.start_time < ?) x
             CROSS JOIN LATERAL (
                   SELECT r.name, r.service_name
                     FROM spans r
                    WHERE r.project_id = ? AND r.trace_id = t.trace_id AND r.start_time >= ? AND r.start_time < ?
                    ORDER BY r.parent_span_id IS NOT NULL, r.start_time, r.span_id
                    LIMIT 1) root
              LEFT JOIN LATERAL (
                   SELECT p.input_content
                     FROM spans p
                    WHERE p.project_id = ? AND p.trace_id = t.trace_id AND p.start_time >= ? AND p.start_time < ?
                      AND p.model IS NOT NULL AND p.input_content IS NOT NULL
                    ORDER BY p.start_time, p.span_id
                    LIMIT 1) prompt ON true
              LEFT JOIN LATERAL (
                   SELECT a.output_content
                     FROM spans a
                    WHERE a.project_id = ? AND a.trace_id = t.trace_id AND a.start_time >= ? AND a.start_time < ?
                      AND a.model IS NOT NULL AND a.output_content IS NOT NULL
                    ORDER BY a.end_time DESC, a.span_id DESC
                    LIMIT 1) answer ON true
             ORDER BY x.start_time, t.trace_id
             LIMIT ?""";

    private record Row(Conversation.Turn turn, String userId) {
    }

    private final QueryRunner runner;

    Conversations(QueryRunner runner) {
        this.runner = runner;
    }

    Optional<Conversation> session(String projectId, String sessionId, TimeRange range) {
        QueryLimits.projectId(projectId);
        QueryLimits.range(range);
        if (sessionId == null || sessionId.isBlank()) {
            throw new IllegalArgumentException("sessionId is required");
        }
        Instant from = range.from();
        Instant to = range.to();
        SqlStatement sql = new SqlStatement().append(TURNS, projectId, sessionId, from, to, projectId, from, to,
                projectId, from, to, projectId, from, to, projectId, from, to, MAX_TURNS + 1);
        return runner.query(METHOD, sql, Conversations::row, rows -> conversation(sessionId, rows),
                c -> c.map(v -> v.turns().size()).orElse(0));
    }

    private static Optional<Conversation> conversation(String sessionId, List<Row> rows) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        String user = rows.stream().map(Row::userId).filter(u -> u != null).findFirst().orElse(null);
        List<Conversation.Turn> turns = rows.stream().limit(MAX_TURNS).map(Row::turn).toList();
        return Optional.of(new Conversation(sessionId, user, turns, rows.size() > MAX_TURNS));
    }

    private static Row row(ResultSet rs) throws SQLException {
        Conversation.Turn turn = new Conversation.Turn(SpanIds.hex(rs.getBytes("trace_id")), rs.getString("root_name"),
                rs.getString("root_service"), Rows.instant(rs, "start_time"), Rows.instant(rs, "end_time"),
                rs.getLong("error_count"), rs.getLong("total_tokens"), rs.getBigDecimal("cost_usd"),
                rs.getString("input_content"), rs.getString("output_content"));
        return new Row(turn, rs.getString("user_id"));
    }
}
