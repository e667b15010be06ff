package org.llmobservatory.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.config.SecurityConfig;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.ratelimit.RateLimit;
import org.llmobservatory.storage.auth.ApiKeys;
import org.llmobservatory.storage.auth.IssuedKey;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.support.Http;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/**
 * A principal over its rate limit is refused the way each protocol's clients understand: 429 with
 * Retry-After over HTTP, RESOURCE_EXHAUSTED with RetryInfo over gRPC; one bucket covers ingest and API.
 */
class RateLimitServiceTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    // Two requests, then no token for a long while.
    private static final SecurityConfig TWO_THEN_WAIT = SecurityConfig.defaults().withRateLimit(new RateLimit(0.01, 2));

    @Test
    void without_redis_the_open_service_limits_the_anonymous_principal_on_every_protocol() throws Exception {
        TestDatabase db = TestServers.freshDatabase();
        ObservatoryService service = ObservatoryService.start(ServerConfig.ephemeral(), db.config(), TWO_THEN_WAIT);
        try {
            assertRefusedAfterTwo(service, null);
        } finally {
            service.stop();
        }
    }

    @Test
    void with_redis_each_key_has_its_own_bucket() throws Exception {
        TestDatabase db = TestServers.freshDatabase();
        StorageConfig config = db.config().withRedis(new RedisTarget.External(TestServers.redis().url()));
        IssuedKey first;
        IssuedKey second;
        try (var pool = db.migratedPool()) {
            ApiKeys keys = new ApiKeys(pool.dataSource());
            first = keys.create("tenant-a", "first");
            second = keys.create("tenant-a", "second");
        }
        ObservatoryService service = ObservatoryService.start(ServerConfig.ephemeral(), config, TWO_THEN_WAIT);
        try {
            assertRefusedAfterTwo(service, first.token());
            assertThat(otlp(service, second.token()).statusCode()).as("another key, its own bucket").isEqualTo(200);
            assertThat(service.storage().redis().orElseThrow().connection().orElseThrow().sync()
                    .keys("observatory:ratelimit:tenant-a:*")).hasSize(2);
        } finally {
            service.stop();
        }
    }

    private static void assertRefusedAfterTwo(ObservatoryService service, String token) throws Exception {
        assertThat(otlp(service, token).statusCode()).isEqualTo(200);
        assertThat(api(service, token).statusCode()).isEqualTo(200);

        HttpResponse<byte[]> ingest = otlp(service, token);
        assertThat(ingest.statusCode()).isEqualTo(429);
        assertThat(ingest.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
                assertThat(Integer.parseInt(v)).isPositive());
        Status status = Status.parseFrom(ingest.body());
        assertThat(status.getCode()).isEqualTo(Code.RESOURCE_EXHAUSTED.getNumber());
        assertThat(status.getDetailsList()).anySatisfy(d -> assertThat(d.is(RetryInfo.class)).isTrue());

        HttpResponse<String> query = api(service, token);
        assertThat(query.statusCode()).isEqualTo(429);
        assertThat(query.headers().firstValue("Retry-After")).isPresent();
        assertThat(Http.contentType(query)).isEqualTo("application/problem+json");
        assertThat(Http.json(query).get("status").asInt()).isEqualTo(429);
        assertThat(Http.json(query).get("type").asText()).isEqualTo("urn:llmobservatory:problem:rate-limited");

        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", service.ports().otlpGrpc())
                .usePlaintext().build();
        try {
            Metadata metadata = new Metadata();
            if (token != null) {
                metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            }
            var stub = TraceServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                    .withDeadlineAfter(Duration.ofSeconds(10));
            StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                    () -> stub.export(ExportTraceServiceRequest.getDefaultInstance()));
            assertThat(error.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.RESOURCE_EXHAUSTED);
            assertThat(StatusProto.fromThrowable(error).getDetailsList())
                    .anySatisfy(d -> assertThat(d.is(RetryInfo.class)).isTrue());
        } finally {
            channel.shutdownNow();
        }
        // Refused for now, to be sent again later: counted as refused, not as invalid.
        String scrape = Http.get(service.managementUrl() + "/metrics").body();
        assertThat(scrape).containsPattern(
                "ingest_requests_total\\{[^}]*outcome=\"refused\",protocol=\"http_protobuf\",signal=\"traces\"} 1.0");
        assertThat(scrape).containsPattern(
                "ingest_requests_total\\{[^}]*outcome=\"refused\",protocol=\"grpc\",signal=\"traces\"} 1.0");
    }

    private static HttpResponse<byte[]> otlp(ObservatoryService service, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + service.ports().otlpHttp() + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ExportTraceServiceRequest.getDefaultInstance()
                        .toByteArray()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<String> api(ObservatoryService service, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.apiUrl() + "/api/v1/traces"));
        if (token != null) {
            request.header("X-API-Key", token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
