package org.llmobservatory.server.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;

/**
 * Reads and writes OTLP/JSON: protobuf's JSON mapping with hex trace and span ids, integer enums and
 * 64-bit integers as strings or numbers. Unknown fields are ignored, as OTLP requires of receivers.
 * Every failure is an {@link OtlpDecodeException} whose message names the signal and the field.
 */
public final class OtlpJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Keeps numbers as written, so a 19-digit nanosecond time in float syntax is not rounded.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
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
        ObjectNode root = readObject(signal, body);
        rejectOtherSignal(signal, root);
        IdFields.hexToBase64(root, signal);
        String canonical;
        try {
            canonical = MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot re-serialise a parsed JSON tree", e);
        }
        try {
            PARSER.merge(canonical, builder);
            return builder;
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            JsonErrorLocator.Located at = new JsonErrorLocator(MAPPER, PARSER)
                    .locate(root, signal.requestType(), e.getMessage());
            String where = at.path().isEmpty() ? "" : at.path() + ": ";
            throw new OtlpDecodeException(signal.label() + " payload: " + where + at.problem(), e);
        }
    }

    private static ObjectNode readObject(TelemetrySignal signal, byte[] body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new OtlpDecodeException(signal.label() + " payload: malformed JSON" + where + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new OtlpDecodeException(signal.label() + " payload: unreadable body: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new OtlpDecodeException(signal.label() + " payload: the body is empty; expected a JSON object"
                    + " such as {\"" + signal.jsonRoot() + "\": [...]}");
        }
        if (!(root instanceof ObjectNode object)) {
            throw new OtlpDecodeException(signal.label() + " payload: expected a JSON object such as {\""
                    + signal.jsonRoot() + "\": [...]}, got " + root.getNodeType().name().toLowerCase());
        }
        return object;
    }

    // A body for another signal parses as an empty request (its root field is unknown and so ignored);
    // storing nothing and answering 200 would hide the sender's mistake.
    private static void rejectOtherSignal(TelemetrySignal signal, ObjectNode root) {
        if (root.has(signal.jsonRoot()) || root.has(signal.protoRoot())) {
            return;
        }
        for (TelemetrySignal other : TelemetrySignal.values()) {
            if (other != signal && (root.has(other.jsonRoot()) || root.has(other.protoRoot()))) {
                throw new OtlpDecodeException("this is a " + other.label() + " payload (it has "
                        + other.jsonRoot() + ", not " + signal.jsonRoot() + "); send it to " + other.path());
            }
        }
    }
}
