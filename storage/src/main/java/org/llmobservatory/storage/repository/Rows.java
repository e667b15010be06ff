package org.llmobservatory.storage.repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.llmobservatory.storage.model.LogRecord;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.SpanIds;
import org.llmobservatory.storage.model.SpanKind;
import org.llmobservatory.storage.model.StatusCode;

/** Column lists and row mappers for the stored telemetry types. */
final class Rows {

    /**
     * Every span column of a query {@code FROM spans}, JSON read back as text, the resource looked up by its key
     * (one index probe of a small table per span).
     */
    static final String SPAN_COLUMNS = """
            project_id, trace_id, span_id, parent_span_id, name, kind, service_name, start_time, end_time,
            status_code, status_message, provider, model, operation, input_tokens, output_tokens,
            total_tokens, cache_read_tokens, reasoning_tokens, cost_usd, time_to_first_token_ms,
            finish_reason, user_id, session_id, environment, attributes::text AS attributes,
            (SELECT r.attributes::text FROM span_resources r
              WHERE r.project_id = spans.project_id AND r.resource_id = spans.resource_id) AS resource_attributes,
            events::text AS events, links::text AS links, input_content, output_content""";

    /**
     * The span columns a trace's outline needs (its tree, timing, models, tokens and cost), with the large ones
     * (attributes, resource, events, links, status message, prompt and completion) read as NULL, so that neither
     * their stored values nor the resource lookups are touched.
     */
    static final String SPAN_OUTLINE_COLUMNS = """
            project_id, trace_id, span_id, parent_span_id, name, kind, service_name, start_time, end_time,
            status_code, NULL AS status_message, provider, model, operation, input_tokens, output_tokens,
            total_tokens, cache_read_tokens, reasoning_tokens, cost_usd, time_to_first_token_ms,
            finish_reason, user_id, session_id, environment, NULL AS attributes, NULL AS resource_attributes,
            NULL AS events, NULL AS links, NULL AS input_content, NULL AS output_content""";

    static final String LOG_COLUMNS = """
            project_id, log_id, time, observed_time, severity_number, severity_text, body, service_name,
            trace_id, span_id, attributes::text AS attributes, resource_attributes::text AS resource_attributes""";

    private Rows() {
    }

    static Span span(ResultSet rs) throws SQLException {
        return new Span(rs.getString("project_id"), SpanIds.hex(rs.getBytes("trace_id")),
                SpanIds.hex(rs.getBytes("span_id")), SpanIds.hex(rs.getBytes("parent_span_id")), rs.getString("name"),
                SpanKind.fromDb(rs.getString("kind")),
                rs.getString("service_name"), instant(rs, "start_time"), instant(rs, "end_time"),
                StatusCode.fromDb(rs.getString("status_code")), rs.getString("status_message"),
                rs.getString("provider"), rs.getString("model"), rs.getString("operation"),
                rs.getObject("input_tokens", Long.class), rs.getObject("output_tokens", Long.class),
                rs.getObject("total_tokens", Long.class), rs.getObject("cache_read_tokens", Long.class),
                rs.getObject("reasoning_tokens", Long.class), rs.getBigDecimal("cost_usd"),
                rs.getObject("time_to_first_token_ms", Double.class), rs.getString("finish_reason"),
                rs.getString("user_id"), rs.getString("session_id"), rs.getString("environment"),
                rs.getString("attributes"), rs.getString("resource_attributes"), rs.getString("events"),
                rs.getString("links"), rs.getString("input_content"), rs.getString("output_content"));
    }

    static LogRecord log(ResultSet rs) throws SQLException {
        return new LogRecord(rs.getString("project_id"), rs.getObject("log_id", UUID.class),
                instant(rs, "time"), instant(rs, "observed_time"), rs.getInt("severity_number"),
                rs.getString("severity_text"), rs.getString("body"), rs.getString("service_name"),
                rs.getString("trace_id"), rs.getString("span_id"), rs.getString("attributes"),
                rs.getString("resource_attributes"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
