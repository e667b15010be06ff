package org.llmobservatory.bench.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.llmobservatory.bench.ExportRequests;

/**
 * The export requests each OTLP client sends in one run, built before any clock starts: per client, a
 * list of protobuf-encoded requests (of 512 spans unless asked otherwise), and the same requests as OTLP/JSON or as gRPC messages.
 */
record OtlpBodies(List<List<byte[]>> perClient, int spansPerRequest) {

    static final int SPANS_PER_REQUEST = 512;

    // JsonFormat prints bytes fields as base64; OTLP/JSON carries trace and span ids as hex instead.
    private static final Pattern ID = Pattern.compile("\"(traceId|spanId|parentSpanId)\"\\s*:\\s*\"([A-Za-z0-9+/=]*)\"");
    private static final HexFormat HEX = HexFormat.of();

    /** {@code clients} clients sharing about {@code spans} spans, at least one request each. */
    static OtlpBodies protobuf(int clients, int spans, long seed) {
        return protobuf(clients, spans, seed, SPANS_PER_REQUEST);
    }

    /** The same with {@code spansPerRequest} spans in each request. */
    static OtlpBodies protobuf(int clients, int spans, long seed, int spansPerRequest) {
        int requestsPerClient = Math.max(1, spans / (clients * spansPerRequest));
        Instant now = Instant.now();
        List<List<byte[]>> perClient = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            ExportRequests generator = new ExportRequests(seed * 1_000L + c);
            List<byte[]> mine = new ArrayList<>();
            for (int r = 0; r < requestsPerClient; r++) {
                mine.add(generator.next(spansPerRequest, now));
            }
            perClient.add(mine);
        }
        return new OtlpBodies(perClient, spansPerRequest);
    }

    long spans() {
        return perClient.stream().mapToLong(List::size).sum() * spansPerRequest;
    }

    long requests() {
        return perClient.stream().mapToLong(List::size).sum();
    }

    int clients() {
        return perClient.size();
    }

    /** The same requests as OTLP/JSON bodies. */
    OtlpBodies json() throws InvalidProtocolBufferException {
        JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();
        List<List<byte[]>> perClient = new ArrayList<>();
        for (List<byte[]> mine : this.perClient) {
            List<byte[]> bodies = new ArrayList<>();
            for (byte[] body : mine) {
                String json = printer.print(ExportTraceServiceRequest.parseFrom(body));
                bodies.add(hexIds(json).getBytes(StandardCharsets.UTF_8));
            }
            perClient.add(bodies);
        }
        return new OtlpBodies(perClient, spansPerRequest);
    }

    /** The same requests as gRPC messages. */
    List<List<ExportTraceServiceRequest>> messages() throws InvalidProtocolBufferException {
        List<List<ExportTraceServiceRequest>> perClient = new ArrayList<>();
        for (List<byte[]> mine : this.perClient) {
            List<ExportTraceServiceRequest> messages = new ArrayList<>();
            for (byte[] body : mine) {
                messages.add(ExportTraceServiceRequest.parseFrom(body));
            }
            perClient.add(messages);
        }
        return perClient;
    }

    static String hexIds(String json) {
        Matcher m = ID.matcher(json);
        StringBuilder out = new StringBuilder(json.length());
        while (m.find()) {
            String hex = HEX.formatHex(Base64.getDecoder().decode(m.group(2)));
            m.appendReplacement(out, "\"" + m.group(1) + "\":\"" + hex + "\"");
        }
        return m.appendTail(out).toString();
    }
}
