package org.llmobservatory.server.ingest;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.grpc.Deadline;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.llmobservatory.server.genai.LogMapper;
import org.llmobservatory.server.genai.MetricMapper;
import org.llmobservatory.server.genai.Redaction;
import org.llmobservatory.server.genai.SpanMapper;
import org.llmobservatory.server.otlp.OtlpResponses;
import org.llmobservatory.server.otlp.TelemetrySignal;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.writer.BatchWriter;
import org.llmobservatory.storage.writer.WriteAvailability;

/**
 * OTLP ingest, independent of the transport: export requests of the three signals in, committed rows
 * and OTLP responses out. The HTTP and gRPC servers both call it.
 */
public final class Ingest {

    /** When a client refused during an outage should send again. */
    static final int OUTAGE_RETRY_AFTER_SECONDS = 2;
    /** Time kept, before a client's deadline, to answer it: a tenth of what is left, and at least this. */
    private static final long ANSWER_MARGIN_MILLIS = 200;

    private final SignalPipeline<ExportTraceServiceRequest, org.llmobservatory.storage.model.Span> traces;
    private final SignalPipeline<ExportLogsServiceRequest, org.llmobservatory.storage.model.LogRecord> logs;
    private final SignalPipeline<ExportMetricsServiceRequest, org.llmobservatory.storage.model.MetricPoint> metrics;
    private final IngestObserver observer;
    private final WriteAvailability availability;
    private final Map<TelemetrySignal, BatchWriter<?>> writers;
    private final Duration ackTimeout;

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
        this.availability = storage.writeAvailability();
        this.writers = Map.of(TelemetrySignal.TRACES, storage.traces(), TelemetrySignal.LOGS, storage.logs(),
                TelemetrySignal.METRICS, storage.metrics());
        this.ackTimeout = ackTimeout;
        SpanMapper spanMapper = new SpanMapper();
        LogMapper logMapper = new LogMapper();
        MetricMapper metricMapper = new MetricMapper();
        this.traces = new SignalPipeline<>(TelemetrySignal.TRACES, (project, request) -> {
            var mapped = spanMapper.map(project, request);
            var redacted = mapped.spans().stream().map(redaction::apply).toList();
            return new Mapped<>(costs.apply(redacted), mapped.rejected().size(), mapped.errorMessage());
        }, storage.traces()::writeAll, OtlpResponses::traces, observer);
        this.logs = new SignalPipeline<>(TelemetrySignal.LOGS, (project, request) -> {
            var mapped = logMapper.map(project, request);
            var redacted = mapped.logs().stream().map(redaction::apply).toList();
            return new Mapped<>(redacted, mapped.rejected().size(), mapped.errorMessage());
        }, storage.logs()::writeAll, OtlpResponses::logs, observer);
        this.metrics = new SignalPipeline<>(TelemetrySignal.METRICS, (project, request) -> {
            var mapped = metricMapper.map(project, request);
            return new Mapped<>(mapped.points(), mapped.rejected().size(), mapped.errorMessage());
        }, storage.metrics()::writeAll, OtlpResponses::metrics, observer);
    }

    /**
     * Refuses a request at once, before its body is decoded, when it cannot be stored now: while the database is
     * known to refuse writes (a writer is retrying a batch because the database cannot be reached or is out of
     * resources), holding it until its acknowledgement deadline would only make its client time out; while its
     * signal's buffer is full, decoding it would be work thrown away.
     *
     * @throws IngestException REFUSED, with the reason and when to send again
     */
    public void admit(TelemetrySignal signal, Protocol protocol) {
        var outage = availability.outage();
        if (outage.isPresent()) {
            observer.requestEnded(signal, protocol, IngestOutcome.REFUSED, 0, 0, 0);
            throw new IngestException(IngestOutcome.REFUSED, outage.get().reason() + "; nothing was stored, retry in "
                    + OUTAGE_RETRY_AFTER_SECONDS + " s", OUTAGE_RETRY_AFTER_SECONDS, null);
        }
        if (writers.get(signal).full()) {
            observer.requestEnded(signal, protocol, IngestOutcome.REFUSED, 0, 0, 0);
            throw new IngestException(IngestOutcome.REFUSED, "the " + signal.label() + " buffer is full; retry later",
                    1, null);
        }
    }

    /**
     * How long a request may wait for its commit: the acknowledgement deadline, or less when the client's own
     * deadline (gRPC sends one) comes sooner, keeping a little time to answer before it.
     */
    public Duration waitWithin(Deadline clientDeadline) {
        if (clientDeadline == null) {
            return ackTimeout;
        }
        long remaining = clientDeadline.timeRemaining(TimeUnit.MILLISECONDS);
        long left = remaining - Math.max(ANSWER_MARGIN_MILLIS, remaining / 10);
        return Duration.ofMillis(Math.max(0, Math.min(left, ackTimeout.toMillis())));
    }

    /** Stores the spans of one export request for {@code projectId}. */
    public Accepted traces(String projectId, ExportTraceServiceRequest request, Protocol protocol) {
        return traces(projectId, request, protocol, ackTimeout);
    }

    /** As above, waiting at most {@code wait} for the commit. */
    public Accepted traces(String projectId, ExportTraceServiceRequest request, Protocol protocol, Duration wait) {
        return traces.ingest(projectId, request, protocol, wait);
    }

    /** As {@link #logs(String, ExportLogsServiceRequest, Protocol)}, waiting at most {@code wait} for the commit. */
    public Accepted logs(String projectId, ExportLogsServiceRequest request, Protocol protocol, Duration wait) {
        return logs.ingest(projectId, request, protocol, wait);
    }

    /** As {@link #metrics(String, ExportMetricsServiceRequest, Protocol)}, waiting at most {@code wait}. */
    public Accepted metrics(String projectId, ExportMetricsServiceRequest request, Protocol protocol, Duration wait) {
        return metrics.ingest(projectId, request, protocol, wait);
    }

    /** Stores the log records of one export request for {@code projectId}. */
    public Accepted logs(String projectId, ExportLogsServiceRequest request, Protocol protocol) {
        return logs(projectId, request, protocol, ackTimeout);
    }

    /** Stores the metric data points of one export request for {@code projectId}. */
    public Accepted metrics(String projectId, ExportMetricsServiceRequest request, Protocol protocol) {
        return metrics(projectId, request, protocol, ackTimeout);
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
