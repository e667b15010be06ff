package org.llmobservatory.server.ingest;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Duration;
import org.llmobservatory.server.genai.LogMapper;
import org.llmobservatory.server.genai.MetricMapper;
import org.llmobservatory.server.genai.Redaction;
import org.llmobservatory.server.genai.SpanMapper;
import org.llmobservatory.server.otlp.OtlpResponses;
import org.llmobservatory.server.otlp.TelemetrySignal;
import org.llmobservatory.storage.Storage;

/**
 * OTLP ingest, independent of the transport: export requests of the three signals in, committed rows
 * and OTLP responses out. The HTTP and gRPC servers both call it.
 */
public final class Ingest {

    private final SignalPipeline<ExportTraceServiceRequest, org.llmobservatory.storage.model.Span> traces;
    private final SignalPipeline<ExportLogsServiceRequest, org.llmobservatory.storage.model.LogRecord> logs;
    private final SignalPipeline<ExportMetricsServiceRequest, org.llmobservatory.storage.model.MetricPoint> metrics;
    private final IngestObserver observer;

    /**
     * @param ackTimeout how long a request waits for its items to commit before the client is told to
     *                   retry (safe: re-sent items are stored once)
     */
    public Ingest(Storage storage, SpanCosts costs, IngestObserver observer, Duration ackTimeout) {
        this(storage, costs, observer, ackTimeout, Redaction.off());
    }

    /** As above, with {@code redaction} applied to content after mapping and before storage. */
    public Ingest(Storage storage, SpanCosts costs, IngestObserver observer, Duration ackTimeout,
            Redaction redaction) {
        this.observer = observer;
        SpanMapper spanMapper = new SpanMapper();
        LogMapper logMapper = new LogMapper();
        MetricMapper metricMapper = new MetricMapper();
        this.traces = new SignalPipeline<>(TelemetrySignal.TRACES, (project, request) -> {
            var mapped = spanMapper.map(project, request);
            var redacted = mapped.spans().stream().map(redaction::apply).toList();
            return new Mapped<>(costs.apply(redacted), mapped.rejected().size(), mapped.errorMessage());
        }, storage.traces()::writeAll, OtlpResponses::traces, ackTimeout, observer);
        this.logs = new SignalPipeline<>(TelemetrySignal.LOGS, (project, request) -> {
            var mapped = logMapper.map(project, request);
            var redacted = mapped.logs().stream().map(redaction::apply).toList();
            return new Mapped<>(redacted, mapped.rejected().size(), mapped.errorMessage());
        }, storage.logs()::writeAll, OtlpResponses::logs, ackTimeout, observer);
        this.metrics = new SignalPipeline<>(TelemetrySignal.METRICS, (project, request) -> {
            var mapped = metricMapper.map(project, request);
            return new Mapped<>(mapped.points(), mapped.rejected().size(), mapped.errorMessage());
        }, storage.metrics()::writeAll, OtlpResponses::metrics, ackTimeout, observer);
    }

    /** Stores the spans of one export request for {@code projectId}. */
    public Accepted traces(String projectId, ExportTraceServiceRequest request, Protocol protocol) {
        return traces.ingest(projectId, request, protocol);
    }

    /** Stores the log records of one export request for {@code projectId}. */
    public Accepted logs(String projectId, ExportLogsServiceRequest request, Protocol protocol) {
        return logs.ingest(projectId, request, protocol);
    }

    /** Stores the metric data points of one export request for {@code projectId}. */
    public Accepted metrics(String projectId, ExportMetricsServiceRequest request, Protocol protocol) {
        return metrics.ingest(projectId, request, protocol);
    }

    /** Counts a request rejected as a whole: undecodable, too large, unauthorised. */
    public void rejectedWhole(TelemetrySignal signal, Protocol protocol) {
        observer.requestEnded(signal, protocol, IngestOutcome.REJECTED, 0, 0, 0);
    }

    /** Counts a request turned away to be sent again later (over its rate limit). */
    public void refusedWhole(TelemetrySignal signal, Protocol protocol) {
        observer.requestEnded(signal, protocol, IngestOutcome.REFUSED, 0, 0, 0);
    }
}
