package org.llmobservatory.storage.repository;

import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.SpanIds;
import org.llmobservatory.storage.query.QueryRunner;
import org.llmobservatory.storage.query.SqlStatement;

/** The search_spans query: spans of the window matching every filter, newest first, keyset paged. */
final class SpanSearch {

    static final String METHOD = "search_spans";

    private static final String SELECT = "SELECT " + Rows.SPAN_COLUMNS + """

              FROM spans
             WHERE project_id = ? AND start_time >= ? AND start_time < ?""";
    private static final String SERVICE = "AND service_name = ?";
    private static final String PROVIDER = "AND provider = ?";
    private static final String MODEL = "AND model = ?";
    private static final String OPERATION = "AND operation = ?";
    private static final String STATUS = "AND status_code = ?::span_status";
    private static final String USER = "AND user_id = ?";
    private static final String SESSION = "AND session_id = ?";
    private static final String TRACE = "AND trace_id = ?";
    private static final String NAME = "AND name = ?";
    private static final String MIN_DURATION = "AND duration_ms >= ?";
    private static final String MIN_COST = "AND cost_usd >= ?";
    // The plain bound on start_time lets the time index narrow the scan; the row comparison breaks ties.
    private static final String AFTER = """
            AND start_time <= ?
            AND (start_time, trace_id, span_id) < (?, ?, ?)""";
    private static final String ORDER = """
             ORDER BY start_time DESC, trace_id DESC, span_id DESC
             LIMIT ?""";

    private final QueryRunner runner;

    SpanSearch(QueryRunner runner) {
        this.runner = runner;
    }

    Page<Span> search(SpanQuery q) {
        return runner.query(METHOD, statement(q), Rows::span,
                rows -> Page.of(rows, q.limit(),
                        s -> new Cursor(s.startTime(), s.traceId(), s.spanId())
                                .encode(Cursor.Listing.SPANS, q.filters())),
                page -> page.items().size());
    }

    static SqlStatement statement(SpanQuery q) {
        SqlStatement sql = new SqlStatement()
                .append(SELECT, q.projectId(), q.range().from(), q.range().to())
                .filter(SERVICE, q.filter().serviceName())
                .filter(PROVIDER, q.filter().provider())
                .filter(MODEL, q.filter().model())
                .filter(OPERATION, q.filter().operation())
                .filter(STATUS, q.filter().status() == null ? null : q.filter().status().dbValue())
                .filter(USER, q.filter().userId())
                .filter(SESSION, q.filter().sessionId())
                .filter(TRACE, q.traceId() == null ? null : SpanIds.bytes(SpanIds.canonical("traceId", q.traceId())))
                .filter(NAME, q.name())
                .filter(MIN_DURATION, q.filter().minDurationMs())
                .filter(MIN_COST, q.filter().minCostUsd());
        if (q.cursor() != null) {
            Cursor after = Cursor.decode(Cursor.Listing.SPANS, q.cursor(), q.filters());
            sql.append(AFTER, after.time(), after.time(), Cursor.idBytes(after.firstId()),
                    Cursor.idBytes(after.secondId()));
        }
        return sql.append(ORDER, q.limit() + 1);
    }
}
