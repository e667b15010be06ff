package org.llmobservatory.storage.repository;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.llmobservatory.storage.model.SpanIds;
import org.llmobservatory.storage.model.StatusCode;
import org.llmobservatory.storage.query.QueryRunner;
import org.llmobservatory.storage.query.SqlStatement;

/** The list_traces query: spans of the window grouped per trace, filtered, newest first, keyset paged. */
final class TraceListing {

    static final String METHOD = "list_traces";

    private static final String AGGREGATE = """
            WITH traces AS (
                SELECT trace_id,
                       min(start_time) AS start_time,
                       max(end_time) AS end_time,
                       count(*) AS span_count,
                       count(*) FILTER (WHERE status_code = 'error') AS error_count,
                       coalesce(sum(input_tokens), 0) AS input_tokens,
                       coalesce(sum(output_tokens), 0) AS output_tokens,
                       coalesce(sum(total_tokens), 0) AS total_tokens,
                       coalesce(sum(cost_usd), 0) AS cost_usd
                  FROM spans
                 WHERE project_id = ? AND start_time >= ? AND start_time < ?""";
    // "Any span of the trace in the window matches" as a semi-join rather than HAVING bool_or(...), so
    // a selective filter can start from its index (session, model) and visit only those traces.
    private static final String ANY_SPAN = """
                   AND trace_id IN (SELECT trace_id FROM spans
                                     WHERE project_id = ? AND start_time >= ? AND start_time < ? AND %s = ?)""";
    private static final String GROUP = """
                 GROUP BY trace_id
                HAVING true""";
    private static final String HAS_ERROR = "AND count(*) FILTER (WHERE status_code = 'error') > 0";
    private static final String NO_ERROR = "AND count(*) FILTER (WHERE status_code = 'error') = 0";
    private static final String MIN_DURATION = "AND extract(epoch FROM max(end_time) - min(start_time)) * 1000 >= ?";
    private static final String MIN_COST = "AND coalesce(sum(cost_usd), 0) >= ?";
    private static final String PAGE = """
            )
            SELECT t.*, root.name AS root_name, root.service_name AS root_service, llm.models
              FROM (SELECT * FROM traces""";
    private static final String AFTER = "WHERE (start_time, trace_id) < (?, ?)";
    // Root and models are looked up only for the rows of the page, through the primary key: a DISTINCT
    // aggregate over the whole window would force a sort of every span in it.
    private static final String ROOT = """
                     ORDER BY start_time DESC, trace_id DESC
                     LIMIT ?) t
             CROSS JOIN LATERAL (
                   SELECT s.name, s.service_name
                     FROM spans s
                    WHERE s.project_id = ? AND s.trace_id = t.trace_id AND s.start_time >= ? AND s.start_time < ?
                    ORDER BY s.parent_span_id IS NOT NULL, s.start_time, s.span_id
                    LIMIT 1) root
             CROSS JOIN LATERAL (
                   SELECT array_agg(DISTINCT m.model) AS models
                     FROM spans m
                    WHERE m.project_id = ? AND m.trace_id = t.trace_id AND m.start_time >= ? AND m.start_time < ?
                      AND m.model IS NOT NULL) llm
             ORDER BY t.start_time DESC, t.trace_id DESC""";

    private final QueryRunner runner;

    TraceListing(QueryRunner runner) {
        this.runner = runner;
    }

    Page<TraceSummary> list(TraceQuery q) {
        return runner.query(METHOD, statement(q), TraceListing::summary,
                rows -> Page.of(rows, q.limit(),
                        t -> new Cursor(t.startTime(), t.traceId()).encode(Cursor.Listing.TRACES, q.filters())),
                page -> page.items().size());
    }

    static SqlStatement statement(TraceQuery q) {
        TimeRange r = q.range();
        SqlStatement sql = new SqlStatement().append(AGGREGATE, q.projectId(), r.from(), r.to());
        anySpan(sql, q, "service_name", q.filter().serviceName());
        anySpan(sql, q, "provider", q.filter().provider());
        anySpan(sql, q, "model", q.filter().model());
        anySpan(sql, q, "operation", q.filter().operation());
        anySpan(sql, q, "user_id", q.filter().userId());
        anySpan(sql, q, "session_id", q.filter().sessionId());
        sql.append(GROUP);
        if (q.filter().status() == StatusCode.ERROR) {
            sql.append(HAS_ERROR);
        } else if (q.filter().status() == StatusCode.OK) {
            sql.append(NO_ERROR);
        }
        sql.filter(MIN_DURATION, q.filter().minDurationMs()).filter(MIN_COST, q.filter().minCostUsd()).append(PAGE);
        if (q.cursor() != null) {
            Cursor after = Cursor.decode(Cursor.Listing.TRACES, q.cursor(), q.filters());
            sql.append(AFTER, after.time(), Cursor.idBytes(after.firstId()));
        }
        return sql.append(ROOT, q.limit() + 1, q.projectId(), r.from(), r.to(), q.projectId(), r.from(), r.to());
    }

    /** The column is one of the constants above, never input. */
    private static void anySpan(SqlStatement sql, TraceQuery q, String column, String value) {
        if (value != null) {
            sql.append(ANY_SPAN.formatted(column), q.projectId(), q.range().from(), q.range().to(), value);
        }
    }

    private static TraceSummary summary(ResultSet rs) throws SQLException {
        var start = Rows.instant(rs, "start_time");
        var end = Rows.instant(rs, "end_time");
        return new TraceSummary(SpanIds.hex(rs.getBytes("trace_id")), rs.getString("root_name"),
                rs.getString("root_service"), start, end, Duration.between(start, end).toNanos() / 1_000_000.0,
                rs.getLong("span_count"), rs.getLong("error_count"), rs.getLong("input_tokens"),
                rs.getLong("output_tokens"), rs.getLong("total_tokens"), rs.getBigDecimal("cost_usd"),
                models(rs.getArray("models")));
    }

    private static List<String> models(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        String[] models = (String[]) array.getArray();
        // Sorted here rather than in SQL so the order is the same whatever the database collation.
        Arrays.sort(models);
        return List.of(models);
    }
}
