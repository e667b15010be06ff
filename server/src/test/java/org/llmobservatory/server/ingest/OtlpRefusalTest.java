package org.llmobservatory.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.RetryInfo;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.service.ObservatoryService;
import org.llmobservatory.server.support.Otlp;
import org.llmobservatory.server.support.SdkClient;
import org.llmobservatory.storage.auth.ApiKeys;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.pool.DirectConnections;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/**
 * What the receivers refuse, and how: every bad request gets a clear 4xx and stores nothing, full
 * buffers a retryable 503 or UNAVAILABLE, and nothing accepted before is lost.
 */
class OtlpRefusalTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestDatabase db;
    private static ObservatoryService service;

    @BeforeAll
    static void start() {
        db = TestServers.freshDatabase();
        // A buffer of 20 spans and a long flush interval: a request of more spans is refused as too many.
        StorageConfig config = db.config().withWriter(db.config().writer().withBatchSize(20).withBufferCapacity(20)
                .withFlushInterval(Duration.ofMillis(20)));
        service = ObservatoryService.start(new ServerConfig("127.0.0.1", 0, 0, 0, 0), config);
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    @Test
    void bad_requests_get_a_clear_4xx_and_what_was_stored_before_stays() throws Exception {
        double rejectedProtobuf = requests("rejected", "http_protobuf");
        double rejectedJson = requests("rejected", "http_json");
        List<SpanData> good = SdkClient.agentTrace("before", 2, 10, 5);
        assertThat(post("/v1/traces", "application/x-protobuf", protobuf(good), null).statusCode()).isEqualTo(200);

        HttpResponse<String> garbage = post("/v1/traces", "application/x-protobuf",
                new byte[] {0x0a, (byte) 0xff, 0x01, 0x02}, null);
        assertThat(garbage.statusCode()).isEqualTo(400);

        HttpResponse<String> badJson = post("/v1/traces", "application/json", "{\"resourceSpans\": [".getBytes(), null);
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(badJson.body()).contains("\"message\"");

        HttpResponse<String> logsOnTraces = post("/v1/traces", "application/json",
                "{\"resourceLogs\": []}".getBytes(StandardCharsets.UTF_8), null);
        assertThat(logsOnTraces.statusCode()).isEqualTo(400);
        assertThat(logsOnTraces.body()).contains("/v1/logs");

        HttpResponse<String> wrongType = post("/v1/traces", "text/plain", "hello".getBytes(), null);
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(wrongType.body()).contains("application/x-protobuf");

        HttpResponse<String> notGzip = post("/v1/traces", "application/x-protobuf", protobuf(good), "gzip");
        assertThat(notGzip.statusCode()).isEqualTo(400);
        assertThat(notGzip.body()).contains("gzip");

        // 9 MiB of zeros gzip to a few KiB: refused while inflating, never held whole.
        HttpResponse<String> bomb = post("/v1/traces", "application/x-protobuf", gzip(new byte[9 * 1024 * 1024]),
                "gzip");
        assertThat(bomb.statusCode()).isEqualTo(413);

        // Each bad request is counted once: garbage, text/plain (counted as protobuf), not gzip and the bomb.
        Eventually.await(Duration.ofSeconds(5), "the bad requests counted", () -> {
            try {
                return requests("rejected", "http_protobuf") - rejectedProtobuf >= 4
                        && requests("rejected", "http_json") - rejectedJson >= 2;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(requests("rejected", "http_protobuf") - rejectedProtobuf).isEqualTo(4.0);
        assertThat(requests("rejected", "http_json") - rejectedJson).isEqualTo(2.0);
        assertThat(db.count("SELECT count(*) FROM spans WHERE trace_id = decode(?, 'hex')", good.get(0).getTraceId()))
                .isEqualTo(3);
    }

    @Test
    void invalid_spans_are_reported_in_the_partial_success_and_their_neighbours_are_stored() throws Exception {
        Instant now = Instant.now();
        ExportTraceServiceRequest request = Otlp.traces(
                Otlp.span(now, Otlp.kv("gen_ai.request.model", "gpt-4o"), Otlp.kv("gen_ai.usage.input_tokens", 12)),
                Otlp.span(now, Otlp.kv("gen_ai.request.model", "gpt-4o"), Otlp.kv("gen_ai.usage.input_tokens", -5))
                        .setSpanId(Otlp.id("00000000000000aa")));
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(otlpHttp() + "/v1/traces"))
                        .header("Content-Type", "application/x-protobuf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(response.body());
        assertThat(answer.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(answer.getPartialSuccess().getErrorMessage()).contains("00000000000000aa").contains("negative");
        assertThat(db.count("SELECT count(*) FROM spans WHERE span_id = decode(?, 'hex')", Otlp.SPAN_ID)).isEqualTo(1);
    }

    @Test
    void a_grpc_export_is_answered_before_the_deadline_its_client_sent_even_when_the_commit_takes_longer()
            throws Exception {
        List<SpanData> spans = SdkClient.agentTrace("deadline", 2, 2, 1);
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(protobuf(spans));
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", service.ports().otlpGrpc())
                .usePlaintext().build();
        try (Connection locker = db.connect(); Statement st = locker.createStatement()) {
            // Every write to spans waits for this lock: the commit takes as long as the test holds it.
            locker.setAutoCommit(false);
            st.execute("LOCK TABLE spans IN ACCESS EXCLUSIVE MODE");
            StatusRuntimeException error = org.assertj.core.api.Assertions.catchThrowableOfType(
                    StatusRuntimeException.class, () -> TraceServiceGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(5, TimeUnit.SECONDS).export(request));
            // Answered by the service with a status exporters retry, not left to expire on the client's side.
            assertThat(error.getStatus().getCode()).as(error.toString()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
            assertThat(error.getStatus().getDescription()).contains("did not confirm the traces within");
            locker.rollback();
        } finally {
            channel.shutdownNow();
        }
        Eventually.await(Duration.ofSeconds(30), "the spans stored once the lock is gone", () -> db.count(
                "SELECT count(*) FROM spans WHERE trace_id = decode(?, 'hex')", spans.get(0).getTraceId())
                == spans.size());
    }

    @Test
    void while_the_buffer_is_full_a_request_is_refused_before_its_body_is_decoded() throws Exception {
        List<SpanData> twenty = SdkClient.agentTrace("fills", 19, 4, 1);
        CompletableFuture<HttpResponse<String>> filling;
        try (Connection locker = db.connect(); Statement st = locker.createStatement()) {
            locker.setAutoCommit(false);
            st.execute("LOCK TABLE spans IN ACCESS EXCLUSIVE MODE");
            filling = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(otlpHttp() + "/v1/traces"))
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(protobuf(twenty))).build(),
                    HttpResponse.BodyHandlers.ofString());
            Eventually.await(Duration.ofSeconds(10), "the 20-span buffer full", () -> service.storage().traces().full());

            // Not protobuf at all: decoded, it would be a 400.
            HttpResponse<String> refused = post("/v1/traces", "application/x-protobuf",
                    new byte[] {0x0a, (byte) 0xff, 0x01, 0x02}, null);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            locker.rollback();
        }
        assertThat(filling.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void a_request_larger_than_the_free_buffer_is_refused_with_retry_after_over_http_and_grpc() throws Exception {
        List<SpanData> tooMany = SdkClient.agentTrace("burst", 30, 10, 5);
        HttpResponse<String> refused = post("/v1/traces", "application/x-protobuf", protobuf(tooMany), null);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");

        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", service.ports().otlpGrpc())
                .usePlaintext().build();
        try {
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(protobuf(tooMany));
            StatusRuntimeException error = org.assertj.core.api.Assertions.catchThrowableOfType(
                    StatusRuntimeException.class, () -> TraceServiceGrpc.newBlockingStub(channel).export(request));
            assertThat(error.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
            var details = StatusProto.fromThrowable(error).getDetailsList();
            assertThat(details).anySatisfy(d -> assertThat(d.is(RetryInfo.class)).isTrue());
        } finally {
            channel.shutdownNow();
        }
        assertThat(db.count("SELECT count(*) FROM spans WHERE trace_id = decode(?, 'hex')", tooMany.get(0).getTraceId())).isZero();
        String scrape = HTTP.send(HttpRequest.newBuilder(URI.create(service.managementUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(scrape).containsPattern(
                "ingest_requests_total\\{[^}]*outcome=\"refused\",protocol=\"grpc\",signal=\"traces\"} 1.0");
        assertThat(scrape).containsPattern(
                "ingest_items_total\\{[^}]*outcome=\"refused\",protocol=\"http_protobuf\",signal=\"traces\"} 31.0");
    }

    @Test
    void once_a_key_exists_ingest_needs_it_and_stores_under_its_project() throws Exception {
        ApiKeys keys = new ApiKeys(DirectConnections.to(service.storage().config()), Duration.ZERO);
        var issued = keys.create("tenant-a", "ingest");
        try {
            // The service remembers "no keys" for up to 5 s; wait until it notices the new key.
            List<SpanData> trace = SdkClient.agentTrace("keyed", 1, 10, 5);
            org.llmobservatory.storage.support.Eventually.await(Duration.ofSeconds(15), "key required", () -> {
                try {
                    return post("/v1/traces", "application/x-protobuf", protobuf(trace), null).statusCode() == 401;
                } catch (Exception e) {
                    return false;
                }
            });
            HttpResponse<String> withKey = HTTP.send(HttpRequest.newBuilder(URI.create(otlpHttp() + "/v1/traces"))
                    .header("Content-Type", "application/x-protobuf")
                    .header("Authorization", "Bearer " + issued.token())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(protobuf(trace))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(withKey.statusCode()).isEqualTo(200);
            assertThat(db.count("SELECT count(*) FROM spans WHERE trace_id = decode(?, 'hex') AND project_id = 'tenant-a'",
                    trace.get(0).getTraceId())).isEqualTo(2);
        } finally {
            keys.revoke(issued.key().keyId());
            // Revoking the last key leaves the service keyed; the other tests send without a key, so reopen it
            // as an operator would, and wait until the service notices.
            keys.reopen("the other tests of this class send without a key");
            byte[] empty = ExportTraceServiceRequest.getDefaultInstance().toByteArray();
            org.llmobservatory.storage.support.Eventually.await(Duration.ofSeconds(15), "open again", () -> {
                try {
                    return post("/v1/traces", "application/x-protobuf", empty, null).statusCode() == 200;
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    /** {@code ingest_requests_total} of traces with this outcome and protocol, 0 before the first. */
    private static double requests(String outcome, String protocol) throws Exception {
        String scrape = HTTP.send(HttpRequest.newBuilder(URI.create(service.managementUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        var line = java.util.regex.Pattern.compile("(?m)^ingest_requests_total\\{[^}]*outcome=\"" + outcome
                + "\",protocol=\"" + protocol + "\",signal=\"traces\"} (\\S+)$").matcher(scrape);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }

    @Test
    void the_body_limit_is_the_configured_one() throws Exception {
        ObservatoryService small = ObservatoryService.start(ServerConfig.ephemeral().withMaxBodyBytes(64 * 1024),
                db.config());
        try {
            String base = "http://127.0.0.1:" + small.ports().otlpHttp();
            byte[] fits = protobuf(SdkClient.agentTrace("under the limit", 2, 10, 5));
            assertThat(fits.length).isLessThan(64 * 1024);
            byte[] over = gzip(new byte[100 * 1024]);

            assertThat(post(base, "/v1/traces", "application/x-protobuf", fits, null).statusCode()).isEqualTo(200);
            HttpResponse<String> refused = post(base, "/v1/traces", "application/x-protobuf", over, "gzip");
            assertThat(refused.statusCode()).isEqualTo(413);
            assertThat(refused.body()).contains("larger than 65536 bytes");
            // The same body is read whole by a service with the default limit (and refused for what it holds).
            assertThat(post("/v1/traces", "application/x-protobuf", over, "gzip").statusCode()).isEqualTo(400);
        } finally {
            small.stop();
        }
    }

    private static String otlpHttp() {
        return "http://127.0.0.1:" + service.ports().otlpHttp();
    }

    private static HttpResponse<String> post(String path, String contentType, byte[] body, String encoding)
            throws Exception {
        return post(otlpHttp(), path, contentType, body, encoding);
    }

    private static HttpResponse<String> post(String base, String path, String contentType, byte[] body,
            String encoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] protobuf(List<SpanData> spans) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TraceRequestMarshaler.create(spans).writeBinaryTo(out);
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] raw) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }
}
