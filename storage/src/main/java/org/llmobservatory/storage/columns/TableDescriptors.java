package org.llmobservatory.storage.columns;

import static org.llmobservatory.storage.columns.ColumnValue.BIGINT;
import static org.llmobservatory.storage.columns.ColumnValue.BIGINT_ARRAY;
import static org.llmobservatory.storage.columns.ColumnValue.BOOLEAN;
import static org.llmobservatory.storage.columns.ColumnValue.DOUBLE;
import static org.llmobservatory.storage.columns.ColumnValue.DOUBLE_ARRAY;
import static org.llmobservatory.storage.columns.ColumnValue.JSON;
import static org.llmobservatory.storage.columns.ColumnValue.NUMERIC;
import static org.llmobservatory.storage.columns.ColumnValue.RESOURCE;
import static org.llmobservatory.storage.columns.ColumnValue.SMALLINT;
import static org.llmobservatory.storage.columns.ColumnValue.SPAN_ID;
import static org.llmobservatory.storage.columns.ColumnValue.SPAN_KIND;
import static org.llmobservatory.storage.columns.ColumnValue.SPAN_STATUS;
import static org.llmobservatory.storage.columns.ColumnValue.TEXT;
import static org.llmobservatory.storage.columns.ColumnValue.TIME;
import static org.llmobservatory.storage.columns.ColumnValue.UUID;
import static org.llmobservatory.storage.columns.TableColumn.column;
import static org.llmobservatory.storage.columns.TableColumn.written;

import java.util.List;
import org.llmobservatory.storage.model.LogRecord;
import org.llmobservatory.storage.model.MetricPoint;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.schema.TelemetryTable;

/**
 * The columns of the three telemetry tables, as the migrations make them (V1; for spans, V8's binary ids, enums and
 * resource key). A column is added here, beside its migration and its model field, and nowhere else.
 */
public final class TableDescriptors {

    /** Spans. The project is not shown (the API key names it); the duration is the model's, from the two times. */
    public static final TableDescriptor<Span, Span.Builder> SPANS = new TableDescriptor<>(TelemetryTable.SPANS,
            Span::builder, Span.Builder::build, List.of(
            column("project_id", TEXT, Span::projectId, Span.Builder::projectId).hidden(),
            column("trace_id", SPAN_ID, Span::traceId, Span.Builder::traceId),
            column("span_id", SPAN_ID, Span::spanId, Span.Builder::spanId),
            column("parent_span_id", SPAN_ID, Span::parentSpanId, Span.Builder::parentSpanId),
            column("name", TEXT, Span::name, Span.Builder::name),
            column("kind", SPAN_KIND, Span::kind, Span.Builder::kind),
            column("service_name", TEXT, Span::serviceName, Span.Builder::serviceName),
            column("start_time", TIME, Span::startTime, Span.Builder::startTime),
            column("end_time", TIME, Span::endTime, Span.Builder::endTime),
            written("duration_ms", DOUBLE, Span::durationMs),
            column("status_code", SPAN_STATUS, Span::statusCode, Span.Builder::statusCode),
            column("status_message", TEXT, Span::statusMessage, Span.Builder::statusMessage).large(),
            column("provider", TEXT, Span::provider, Span.Builder::provider),
            column("model", TEXT, Span::model, Span.Builder::model),
            column("operation", TEXT, Span::operation, Span.Builder::operation),
            column("input_tokens", BIGINT, Span::inputTokens, Span.Builder::inputTokens),
            column("output_tokens", BIGINT, Span::outputTokens, Span.Builder::outputTokens),
            column("total_tokens", BIGINT, Span::totalTokens, Span.Builder::totalTokens),
            column("cache_read_tokens", BIGINT, Span::cacheReadTokens, Span.Builder::cacheReadTokens),
            column("reasoning_tokens", BIGINT, Span::reasoningTokens, Span.Builder::reasoningTokens),
            column("cost_usd", NUMERIC, Span::costUsd, Span.Builder::costUsd),
            column("time_to_first_token_ms", DOUBLE, Span::timeToFirstTokenMs, Span.Builder::timeToFirstTokenMs),
            column("finish_reason", TEXT, Span::finishReason, Span.Builder::finishReason),
            column("user_id", TEXT, Span::userId, Span.Builder::userId),
            column("session_id", TEXT, Span::sessionId, Span.Builder::sessionId),
            column("environment", TEXT, Span::environment, Span.Builder::environment),
            column("attributes", JSON, Span::attributes, Span.Builder::attributes).large(),
            column("resource_id", RESOURCE, Span::resourceAttributes, Span.Builder::resourceAttributes)
                    .readAs("resource_attributes").large(),
            column("events", JSON, Span::events, Span.Builder::events).large(),
            column("links", JSON, Span::links, Span.Builder::links).large(),
            column("input_content", TEXT, Span::inputContent, Span.Builder::inputContent).large(),
            column("output_content", TEXT, Span::outputContent, Span.Builder::outputContent).large()));

    /** Log records. The project is not shown. */
    public static final TableDescriptor<LogRecord, LogRecord.Builder> LOGS = new TableDescriptor<>(
            TelemetryTable.LOGS, LogRecord::builder, LogRecord.Builder::build, List.of(
            column("project_id", TEXT, LogRecord::projectId, LogRecord.Builder::projectId).hidden(),
            column("log_id", UUID, LogRecord::logId, LogRecord.Builder::logId),
            column("time", TIME, LogRecord::time, LogRecord.Builder::time),
            column("observed_time", TIME, LogRecord::observedTime, LogRecord.Builder::observedTime),
            column("severity_number", SMALLINT, LogRecord::severityNumber, LogRecord.Builder::severityNumber),
            column("severity_text", TEXT, LogRecord::severityText, LogRecord.Builder::severityText),
            column("body", TEXT, LogRecord::body, LogRecord.Builder::body),
            column("service_name", TEXT, LogRecord::serviceName, LogRecord.Builder::serviceName),
            column("trace_id", TEXT, LogRecord::traceId, LogRecord.Builder::traceId),
            column("span_id", TEXT, LogRecord::spanId, LogRecord.Builder::spanId),
            column("attributes", JSON, LogRecord::attributes, LogRecord.Builder::attributes),
            column("resource_attributes", JSON, LogRecord::resourceAttributes,
                    LogRecord.Builder::resourceAttributes)));

    /** Metric points: written only (queries read series and aggregates of them, not points). */
    public static final TableDescriptor<MetricPoint, Void> METRIC_POINTS = TableDescriptor.writeOnly(
            TelemetryTable.METRIC_POINTS, List.of(
            written("project_id", TEXT, MetricPoint::projectId),
            written("series_id", UUID, MetricPoint::seriesId),
            written("metric_name", TEXT, MetricPoint::metricName),
            written("metric_type", TEXT, p -> p.metricType().dbValue()),
            written("unit", TEXT, MetricPoint::unit),
            written("description", TEXT, MetricPoint::description),
            written("service_name", TEXT, MetricPoint::serviceName),
            written("attributes", JSON, MetricPoint::attributes),
            written("resource_attributes", JSON, MetricPoint::resourceAttributes),
            written("start_time", TIME, MetricPoint::startTime),
            written("time", TIME, MetricPoint::time),
            written("value", DOUBLE, MetricPoint::value),
            written("is_monotonic", BOOLEAN, MetricPoint::isMonotonic),
            written("temporality", TEXT, MetricPoint::temporality),
            written("count", BIGINT, MetricPoint::count),
            written("sum", DOUBLE, MetricPoint::sum),
            written("min", DOUBLE, MetricPoint::min),
            written("max", DOUBLE, MetricPoint::max),
            written("bucket_counts", BIGINT_ARRAY, MetricPoint::bucketCounts),
            written("explicit_bounds", DOUBLE_ARRAY, MetricPoint::explicitBounds)));

    private TableDescriptors() {
    }
}
