package org.llmobservatory.server.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads and writes OTLP/JSON: protobuf's JSON mapping with hex trace and span ids, integer enums and
 * 64-bit integers as strings or numbers. Unknown fields are ignored, as OTLP requires of receivers.
 * Requests are decoded in one streaming pass ({@link JsonMessageReader}), since OTLP/JSON ingest is a
 * hot path. Every failure is an {@link OtlpDecodeException} whose message names the signal and the field.
 */
public final class OtlpJson {

    private static final JsonFactory JSON = new JsonFactory();
    // Doubles stay doubles on the way through, so -0.0 is printed as -0.0.
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final JsonFormat.Printer PRINTER =
            JsonFormat.printer().printingEnumsAsInts().omittingInsignificantWhitespace();

    private OtlpJson() {
    }

    public static ExportTraceServiceRequest parseTraces(byte[] body) {
        return parse(TelemetrySignal.TRACES, body, ExportTraceServiceRequest.newBuilder()).build();
    }

    public static ExportLogsServiceRequest parseLogs(byte[] body) {
        return parse(TelemetrySignal.LOGS, body, ExportLogsServiceRequest.newBuilder()).build();
    }

    public static ExportMetricsServiceRequest parseMetrics(byte[] body) {
        return parse(TelemetrySignal.METRICS, body, ExportMetricsServiceRequest.newBuilder()).build();
    }

    /** Prints any OTLP message (a response, or a request for tests and tools) as compact OTLP/JSON. */
    public static String print(MessageOrBuilder message) {
        try {
            JsonNode tree = MAPPER.readTree(PRINTER.print(message));
            IdFields.base64ToHex(tree);
            return MAPPER.writeValueAsString(tree);
        } catch (IOException e) {
            throw new IllegalStateException("cannot print " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static <B extends Message.Builder> B parse(TelemetrySignal signal, byte[] body, B builder) {
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new OtlpDecodeException(signal.label() + " payload: the body is empty; expected a JSON object"
                        + " such as {\"" + signal.jsonRoot() + "\": [...]}");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new OtlpDecodeException(signal.label() + " payload: expected a JSON object such as {\""
                        + signal.jsonRoot() + "\": [...]}, got " + JsonPosition.kindOf(first));
            }
            Set<String> topLevel = new HashSet<>();
            new JsonMessageReader(parser, signal.label())
                    .readObject(MessageFields.of(signal.requestType()), builder, topLevel);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw malformed(signal, parser.currentTokenLocation(),
                        "trailing " + JsonPosition.kindOf(trailing) + " after the request object", null);
            }
            rejectOtherSignal(signal, topLevel);
            return builder;
        } catch (JsonProcessingException e) {
            throw malformed(signal, e.getLocation(), e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new OtlpDecodeException(signal.label() + " payload: unreadable body: " + e.getMessage(), e);
        }
    }

    private static OtlpDecodeException malformed(TelemetrySignal signal, JsonLocation at, String problem,
            Exception cause) {
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new OtlpDecodeException(signal.label() + " payload: malformed JSON" + where + ": " + problem, cause);
    }

    // A body for another signal decodes as an empty request (its root field is unknown and so skipped);
    // storing nothing and answering 200 would hide the sender's mistake.
    private static void rejectOtherSignal(TelemetrySignal signal, Set<String> topLevel) {
        if (topLevel.contains(signal.jsonRoot()) || topLevel.contains(signal.protoRoot())) {
            return;
        }
        for (TelemetrySignal other : TelemetrySignal.values()) {
            if (other != signal && (topLevel.contains(other.jsonRoot()) || topLevel.contains(other.protoRoot()))) {
                throw new OtlpDecodeException("this is a " + other.label() + " payload (it has "
                        + other.jsonRoot() + ", not " + signal.jsonRoot() + "); send it to " + other.path());
            }
        }
    }
}
