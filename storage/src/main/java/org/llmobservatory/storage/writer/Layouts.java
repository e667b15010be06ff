package org.llmobservatory.storage.writer;

import static org.llmobservatory.storage.writer.ColumnType.BOOL;
import static org.llmobservatory.storage.writer.ColumnType.BYTEA;
import static org.llmobservatory.storage.writer.ColumnType.FLOAT8;
import static org.llmobservatory.storage.writer.ColumnType.FLOAT8_ARRAY;
import static org.llmobservatory.storage.writer.ColumnType.INT2;
import static org.llmobservatory.storage.writer.ColumnType.INT8;
import static org.llmobservatory.storage.writer.ColumnType.INT8_ARRAY;
import static org.llmobservatory.storage.writer.ColumnType.JSONB;
import static org.llmobservatory.storage.writer.ColumnType.NUMERIC;
import static org.llmobservatory.storage.writer.ColumnType.SPAN_KIND;
import static org.llmobservatory.storage.writer.ColumnType.SPAN_STATUS;
import static org.llmobservatory.storage.writer.ColumnType.TEXT;
import static org.llmobservatory.storage.writer.ColumnType.TIMESTAMPTZ;
import static org.llmobservatory.storage.writer.ColumnType.UUID_TYPE;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.llmobservatory.storage.model.LogRecord;
import org.llmobservatory.storage.model.MetricPoint;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.SpanIds;
import org.llmobservatory.storage.schema.TelemetryTable;

/**
 * The column layouts of the three telemetry tables, matching the migrations (V1; for spans, V8's binary ids, enums
 * and resource key).
 */
final class Layouts {

    static final TableLayout<Span> SPANS = new TableLayout<>(WriterType.TRACE, TelemetryTable.SPANS, List.of(
            Column.of("project_id", TEXT, Span::projectId),
            Column.of("trace_id", BYTEA, s -> SpanIds.bytes(s.traceId())),
            Column.of("span_id", BYTEA, s -> SpanIds.bytes(s.spanId())),
            Column.of("parent_span_id", BYTEA, s -> SpanIds.bytes(s.parentSpanId())),
            Column.of("name", TEXT, Span::name),
            Column.of("kind", SPAN_KIND, s -> s.kind().dbValue()),
            Column.of("service_name", TEXT, Span::serviceName),
            Column.of("start_time", TIMESTAMPTZ, Span::startTime),
            Column.of("end_time", TIMESTAMPTZ, Span::endTime),
            Column.of("duration_ms", FLOAT8, Span::durationMs),
            Column.of("status_code", SPAN_STATUS, s -> s.statusCode().dbValue()),
            Column.of("status_message", TEXT, Span::statusMessage),
            Column.of("provider", TEXT, Span::provider),
            Column.of("model", TEXT, Span::model),
            Column.of("operation", TEXT, Span::operation),
            Column.of("input_tokens", INT8, Span::inputTokens),
            Column.of("output_tokens", INT8, Span::outputTokens),
            Column.of("total_tokens", INT8, Span::totalTokens),
            Column.of("cache_read_tokens", INT8, Span::cacheReadTokens),
            Column.of("reasoning_tokens", INT8, Span::reasoningTokens),
            Column.of("cost_usd", NUMERIC, Span::costUsd),
            Column.of("time_to_first_token_ms", FLOAT8, Span::timeToFirstTokenMs),
            Column.of("finish_reason", TEXT, Span::finishReason),
            Column.of("user_id", TEXT, Span::userId),
            Column.of("session_id", TEXT, Span::sessionId),
            Column.of("environment", TEXT, Span::environment),
            Column.of("attributes", JSONB, Span::attributes),
            Column.of("resource_id", INT8, s -> SpanResources.id(s.resourceAttributes())),
            Column.of("events", JSONB, Span::events),
            Column.of("links", JSONB, Span::links),
            Column.of("input_content", TEXT, Span::inputContent),
            Column.of("output_content", TEXT, Span::outputContent)),
            Span::startTime, Span::eventCount);

    /** A stored span: its primary key (project, trace id, span id, start time to the microsecond). */
    static final ItemIdentity<Span> SPAN_IDENTITY = new ItemIdentity<>("project_id, trace_id, span_id, start_time",
            s -> s.projectId() + "/" + s.traceId() + "/" + s.spanId() + "/"
                    + s.startTime().truncatedTo(ChronoUnit.MICROS),
            rs -> rs.getString(1) + "/" + SpanIds.hex(rs.getBytes(2)) + "/" + SpanIds.hex(rs.getBytes(3)) + "/"
                    + rs.getObject(4, OffsetDateTime.class).toInstant().truncatedTo(ChronoUnit.MICROS));

    static final TableLayout<LogRecord> LOGS = new TableLayout<>(WriterType.LOG, TelemetryTable.LOGS, List.of(
            Column.of("project_id", TEXT, LogRecord::projectId),
            Column.of("log_id", UUID_TYPE, LogRecord::logId),
            Column.of("time", TIMESTAMPTZ, LogRecord::time),
            Column.of("observed_time", TIMESTAMPTZ, LogRecord::observedTime),
            Column.of("severity_number", INT2, LogRecord::severityNumber),
            Column.of("severity_text", TEXT, LogRecord::severityText),
            Column.of("body", TEXT, LogRecord::body),
            Column.of("service_name", TEXT, LogRecord::serviceName),
            Column.of("trace_id", TEXT, LogRecord::traceId),
            Column.of("span_id", TEXT, LogRecord::spanId),
            Column.of("attributes", JSONB, LogRecord::attributes),
            Column.of("resource_attributes", JSONB, LogRecord::resourceAttributes)),
            LogRecord::time, log -> 0);

    static final TableLayout<MetricPoint> METRIC_POINTS = new TableLayout<>(WriterType.METRIC,
            TelemetryTable.METRIC_POINTS, List.of(
            Column.of("project_id", TEXT, MetricPoint::projectId),
            Column.of("series_id", UUID_TYPE, MetricPoint::seriesId),
            Column.of("metric_name", TEXT, MetricPoint::metricName),
            Column.of("metric_type", TEXT, p -> p.metricType().dbValue()),
            Column.of("unit", TEXT, MetricPoint::unit),
            Column.of("description", TEXT, MetricPoint::description),
            Column.of("service_name", TEXT, MetricPoint::serviceName),
            Column.of("attributes", JSONB, MetricPoint::attributes),
            Column.of("resource_attributes", JSONB, MetricPoint::resourceAttributes),
            Column.of("start_time", TIMESTAMPTZ, MetricPoint::startTime),
            Column.of("time", TIMESTAMPTZ, MetricPoint::time),
            Column.of("value", FLOAT8, MetricPoint::value),
            Column.of("is_monotonic", BOOL, MetricPoint::isMonotonic),
            Column.of("temporality", TEXT, MetricPoint::temporality),
            Column.of("count", INT8, MetricPoint::count),
            Column.of("sum", FLOAT8, MetricPoint::sum),
            Column.of("min", FLOAT8, MetricPoint::min),
            Column.of("max", FLOAT8, MetricPoint::max),
            Column.of("bucket_counts", INT8_ARRAY, MetricPoint::bucketCounts),
            Column.of("explicit_bounds", FLOAT8_ARRAY, MetricPoint::explicitBounds)),
            MetricPoint::time, point -> 0);

    private Layouts() {
    }
}
