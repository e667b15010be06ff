package org.llmobservatory.server.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.Map;

/**
 * Reads binary protobuf OTLP export requests. A malformed or truncated body, or a body of another
 * signal that betrays itself by fields of the wrong wire type, is an {@link OtlpDecodeException}.
 * A body of another signal is only caught when its fields clash; see docs/OTLP_MAPPING.md.
 */
public final class OtlpProtobuf {

    private static final Map<TelemetrySignal, Parser<? extends Message>> PARSERS = Map.of(
            TelemetrySignal.TRACES, ExportTraceServiceRequest.parser(),
            TelemetrySignal.LOGS, ExportLogsServiceRequest.parser(),
            TelemetrySignal.METRICS, ExportMetricsServiceRequest.parser());

    private OtlpProtobuf() {
    }

    public static ExportTraceServiceRequest parseTraces(byte[] body) {
        return (ExportTraceServiceRequest) parse(TelemetrySignal.TRACES, body);
    }

    public static ExportLogsServiceRequest parseLogs(byte[] body) {
        return (ExportLogsServiceRequest) parse(TelemetrySignal.LOGS, body);
    }

    public static ExportMetricsServiceRequest parseMetrics(byte[] body) {
        return (ExportMetricsServiceRequest) parse(TelemetrySignal.METRICS, body);
    }

    private static Message parse(TelemetrySignal signal, byte[] body) {
        String type = signal.requestType().getName();
        Message request;
        try {
            request = PARSERS.get(signal).parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            TelemetrySignal other = otherSignalThatFits(signal, body);
            String problem = signal.label() + " payload: not a valid protobuf " + type + ": " + e.getMessage();
            throw new OtlpDecodeException(other != null ? sendElsewhere(other, problem) : problem + jsonHint(body), e);
        }
        String mismatch = WireShape.firstMismatch(request);
        if (mismatch != null) {
            TelemetrySignal other = otherSignalThatFits(signal, body);
            String problem = signal.label() + " payload: " + mismatch + ", so the body is not an " + type;
            throw new OtlpDecodeException(other != null ? sendElsewhere(other, problem) : problem);
        }
        return request;
    }

    private static TelemetrySignal otherSignalThatFits(TelemetrySignal signal, byte[] body) {
        for (TelemetrySignal other : TelemetrySignal.values()) {
            if (other == signal) {
                continue;
            }
            try {
                Message attempt = PARSERS.get(other).parseFrom(body);
                if (WireShape.firstMismatch(attempt) == null && WireShape.items(attempt) > 0) {
                    return other;
                }
            } catch (InvalidProtocolBufferException e) {
                // not this one either
            }
        }
        return null;
    }

    private static String sendElsewhere(TelemetrySignal other, String problem) {
        return "this looks like a " + other.label() + " payload; send it to " + other.path() + " (" + problem + ")";
    }

    private static String jsonHint(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '{' ? " (the body looks like JSON; send it with Content-Type: application/json)" : "";
            }
        }
        return "";
    }
}
