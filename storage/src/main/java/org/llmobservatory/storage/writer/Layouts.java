package org.llmobservatory.storage.writer;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import org.llmobservatory.storage.columns.TableDescriptors;
import org.llmobservatory.storage.model.LogRecord;
import org.llmobservatory.storage.model.MetricPoint;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.SpanIds;

/** The layouts of the three telemetry tables, their columns those of {@link TableDescriptors}. */
final class Layouts {

    static final TableLayout<Span> SPANS = new TableLayout<>(WriterType.TRACE, TableDescriptors.SPANS,
            Span::startTime, Span::eventCount);

    /** A stored span: its primary key (project, trace id, span id, start time to the microsecond). */
    static final ItemIdentity<Span> SPAN_IDENTITY = new ItemIdentity<>("project_id, trace_id, span_id, start_time",
            s -> s.projectId() + "/" + s.traceId() + "/" + s.spanId() + "/"
                    + s.startTime().truncatedTo(ChronoUnit.MICROS),
            rs -> rs.getString(1) + "/" + SpanIds.hex(rs.getBytes(2)) + "/" + SpanIds.hex(rs.getBytes(3)) + "/"
                    + rs.getObject(4, OffsetDateTime.class).toInstant().truncatedTo(ChronoUnit.MICROS));

    static final TableLayout<LogRecord> LOGS = new TableLayout<>(WriterType.LOG, TableDescriptors.LOGS,
            LogRecord::time, log -> 0);

    static final TableLayout<MetricPoint> METRIC_POINTS = new TableLayout<>(WriterType.METRIC,
            TableDescriptors.METRIC_POINTS, MetricPoint::time, point -> 0);

    private Layouts() {
    }
}
