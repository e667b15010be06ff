package org.llmobservatory.server.ingest;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.llmobservatory.server.mapping.LogMapper;
import org.llmobservatory.server.mapping.MetricMapper;
import org.llmobservatory.server.mapping.SpanMapper;
import org.llmobservatory.server.mapping.TimeWindow;
import org.llmobservatory.server.otlp.OtlpDecodeException;
import org.llmobservatory.server.otlp.OtlpJson;
import org.llmobservatory.server.otlp.OtlpProtobuf;
import org.llmobservatory.server.otlp.OtlpResponses;
import org.llmobservatory.server.otlp.TelemetrySignal;
import org.llmobservatory.server.ratelimit.Admission;
import org.llmobservatory.server.ratelimit.RateLimiter;
import org.llmobservatory.server.redaction.Redaction;
import org.llmobservatory.server.values.ContentLimits;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.auth.ApiKeys;
import org.llmobservatory.storage.auth.Principal;
import org.llmobservatory.storage.writer.BatchWriter;
import org.llmobservatory.storage.writer.WriteAvailability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP ingest, independent of the transport: one export call in, one {@link IngestResult} out. It authenticates,
 * rate-limits, refuses what cannot be stored now before reading the body, decodes, maps (redaction and pricing
 * included), writes and counts, each exactly once; OTLP/HTTP and OTLP/gRPC only translate the result.
 */
public final class Ingest {

    private static final Logger log = LoggerFactory.getLogger(Ingest.class);
    /** When a client refused during an outage should send again. */
    static final int OUTAGE_RETRY_AFTER_SECONDS = 2;
    /** Time kept, before a client's deadline, to answer it: a tenth of what is left, and at least this. */
    private static final long ANSWER_MARGIN_MILLIS = 200;

    private final ApiKeys keys;
    private final RateLimiter limiter;
    private final IngestObserver observer;
    private final WriteAvailability availability;
    private final Map<TelemetrySignal, BatchWriter<?>> writers;
    private final Map<TelemetrySignal, SignalPipeline<?, ?>> pipelines;
    private final Duration ackTimeout;

    /**
     * @param redaction  applied to content while it is mapped
     * @param ackTimeout how long a request waits for its items to commit before the client is told to retry
     *                   (safe: re-sent items are stored once)
     */
    public Ingest(Storage storage, ApiKeys keys, RateLimiter limiter, Redaction redaction, IngestObserver observer,
            Duration ackTimeout) {
        this.keys = keys;
        this.limiter = limiter;
        this.observer = observer;
        this.availability = storage.writeAvailability();
        this.writers = Map.of(TelemetrySignal.TRACES, storage.traces(), TelemetrySignal.LOGS, storage.logs(),
                TelemetrySignal.METRICS, storage.metrics());
        this.ackTimeout = ackTimeout;
        Clock clock = Clock.systemUTC();
        SpanMapper spans = new SpanMapper(ContentLimits.DEFAULT, TimeWindow.DEFAULT, clock, redaction);
        LogMapper logs = new LogMapper(ContentLimits.DEFAULT, TimeWindow.DEFAULT, clock, redaction);
        MetricMapper metrics = new MetricMapper();
        this.pipelines = Map.of(
                TelemetrySignal.TRACES, new SignalPipeline<>(TelemetrySignal.TRACES, new SignalPipeline.Parts<>(
                        OtlpProtobuf::parseTraces, OtlpJson::parseTraces, spans::map, storage.traces()::writeAll,
                        OtlpResponses::traces)),
                TelemetrySignal.LOGS, new SignalPipeline<>(TelemetrySignal.LOGS, new SignalPipeline.Parts<>(
                        OtlpProtobuf::parseLogs, OtlpJson::parseLogs, logs::map, storage.logs()::writeAll,
                        OtlpResponses::logs)),
                TelemetrySignal.METRICS, new SignalPipeline<>(TelemetrySignal.METRICS, new SignalPipeline.Parts<>(
                        OtlpProtobuf::parseMetrics, OtlpJson::parseMetrics, metrics::map, storage.metrics()::writeAll,
                        OtlpResponses::metrics)));
    }

    /** Runs one export call to its end and counts how it ended. */
    IngestResult export(ExportCall call) {
        IngestResult result = run(call);
        observer.requestEnded(call.signal(), call.protocol(), result.outcome(), result.accepted(), result.rejected(),
                result.refused());
        return result;
    }

    /** Counts a request its transport turned away before it became a call: a media type it does not read. */
    IngestResult unsupported(TelemetrySignal signal, Protocol protocol, String message) {
        IngestResult result = new IngestResult.Invalid(IngestResult.Problem.UNSUPPORTED_MEDIA_TYPE, message);
        observer.requestEnded(signal, protocol, result.outcome(), 0, 0, 0);
        return result;
    }

    private IngestResult run(ExportCall call) {
        Optional<Principal> principal;
        try {
            principal = keys.authenticate(call.token());
        } catch (SQLException e) {
            log.warn("could not check the API key: {}", e.getMessage());
            return unread(call, new IngestResult.Unavailable(IngestOutcome.ERROR,
                    "the key store is unavailable; retry later", 5, 0, 0));
        }
        if (principal.isEmpty()) {
            return new IngestResult.Unauthenticated();
        }
        Admission admission = limiter.acquire(principal.get());
        if (!admission.allowed()) {
            return unread(call, new IngestResult.Throttled(admission.retryAfterSeconds()));
        }
        Optional<IngestResult.Unavailable> refusal = refusal(call.signal());
        if (refusal.isPresent()) {
            return unread(call, refusal.get());
        }
        try {
            return store(pipelines.get(call.signal()), principal.get().projectId(), call);
        } catch (OtlpDecodeException | RequestBody.UnsupportedEncodingException e) {
            return new IngestResult.Invalid(IngestResult.Problem.MALFORMED, e.getMessage());
        } catch (RequestBody.TooLargeException e) {
            return new IngestResult.Invalid(IngestResult.Problem.TOO_LARGE, e.getMessage());
        } catch (IOException e) {
            return new IngestResult.Invalid(IngestResult.Problem.MALFORMED,
                    "the request body could not be read: " + e.getMessage());
        }
    }

    private <R extends com.google.protobuf.Message> IngestResult store(SignalPipeline<R, ?> pipeline,
            String projectId, ExportCall call) throws IOException {
        R request = pipeline.decode(call.payload().read(), call.protocol().json());
        return pipeline.store(projectId, request, waitWithin(call.clientTimeLeft()));
    }

    /**
     * Refuses a request at once, before its body is read, when it cannot be stored now: while the database is
     * known to refuse writes (a writer is retrying a batch because the database cannot be reached or is out of
     * resources), or while a write of its signal has gone unconfirmed for longer than the acknowledgement deadline (a hung
     * database), holding it until its deadline would only make its client time out; while its signal's buffer is
     * full, decoding it would be work thrown away.
     */
    private Optional<IngestResult.Unavailable> refusal(TelemetrySignal signal) {
        var outage = availability.outage();
        if (outage.isPresent()) {
            return Optional.of(IngestResult.Unavailable.refusedUnread(outage.get().reason()
                    + "; nothing was stored, retry in " + OUTAGE_RETRY_AFTER_SECONDS + " s", OUTAGE_RETRY_AFTER_SECONDS));
        }
        if (writers.get(signal).full()) {
            return Optional.of(IngestResult.Unavailable.refusedUnread(
                    "the " + signal.label() + " buffer is full; retry later", 1));
        }
        Duration stalled = writers.get(signal).longestWrite();
        if (stalled.compareTo(ackTimeout) > 0) {
            // A hung database reports no error: a write older than the acknowledgement deadline is what shows it.
            return Optional.of(IngestResult.Unavailable.refusedUnread("the database has not confirmed a write for "
                    + stalled.toSeconds() + " s; nothing was stored, retry in " + OUTAGE_RETRY_AFTER_SECONDS + " s",
                    OUTAGE_RETRY_AFTER_SECONDS));
        }
        return Optional.empty();
    }


    /** A refusal of a request that will be sent again: its body is drained so that the client reads the answer. */
    private static IngestResult unread(ExportCall call, IngestResult result) {
        try {
            call.payload().discard();
        } catch (IOException e) {
            // The client stopped sending; it will not read the answer either.
        }
        return result;
    }

    /**
     * How long a request may wait for its commit: the acknowledgement deadline, or less when the client's own
     * deadline comes sooner, keeping a little time to answer before it.
     */
    Duration waitWithin(Duration clientTimeLeft) {
        if (clientTimeLeft == null) {
            return ackTimeout;
        }
        long remaining = clientTimeLeft.toMillis();
        long left = remaining - Math.max(ANSWER_MARGIN_MILLIS, remaining / 10);
        return Duration.ofMillis(Math.max(0, Math.min(left, ackTimeout.toMillis())));
    }
}
