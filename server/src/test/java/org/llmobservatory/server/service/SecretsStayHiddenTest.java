package org.llmobservatory.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.config.SecurityConfig;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.ratelimit.RateLimit;
import org.llmobservatory.server.support.Otlp;
import org.llmobservatory.storage.auth.ApiKeys;
import org.llmobservatory.storage.auth.IssuedKey;
import org.llmobservatory.storage.config.DatabaseUrl;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.pool.DirectConnections;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;
import org.slf4j.LoggerFactory;

/**
 * Neither the database password nor an API key ever shows: not in the logs, not in the health and
 * metrics endpoints, not in any answer, whatever clients send.
 */
class SecretsStayHiddenTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void no_password_or_key_appears_in_logs_health_metrics_or_errors() throws Exception {
        String password = "pw-" + UUID.randomUUID();
        String role = "observer_" + ProcessHandle.current().pid() + "_" + Long.toHexString(System.nanoTime());
        TestDatabase db = TestServers.freshDatabase();
        String database = db.jdbcUrl().replaceFirst(".*/([^/?]+)(\\?.*)?$", "$1");
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            // Role and database names are generated above, never input; the password is a UUID.
            st.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
            st.execute("ALTER DATABASE " + database + " OWNER TO " + role);
        }
        StorageConfig config = StorageConfig.builder()
                .database(DatabaseUrl.parse(db.jdbcUrl()))
                .user(role)
                .password(password)
                .redis(new RedisTarget.External(TestServers.redis().url()))
                .dataDir(Files.createTempDirectory(TestServers.work(), "secrets"))
                .build();

        ListAppender<ILoggingEvent> logs = captureLogs();
        List<String> answers = new ArrayList<>();
        IssuedKey key;
        ObservatoryService service = ObservatoryService.start(ServerConfig.ephemeral(), config,
                SecurityConfig.defaults().withRateLimit(new RateLimit(1000, 1000)));
        try {
            key = new ApiKeys(DirectConnections.to(service.storage().config()), Duration.ZERO).create("tenant", "ingest");
            String secret = key.token().substring(key.token().lastIndexOf('_') + 1);
            String wrongSecret = key.token().substring(0, key.token().lastIndexOf('_') + 1) + "f".repeat(48);
            Eventually.await(Duration.ofSeconds(15), "the service requires keys",
                    () -> send(otlp(service, null, good())).statusCode() == 401);

            answers.add(record(send(otlp(service, key.token(), good())), 200));
            answers.add(record(send(otlp(service, wrongSecret, good())), 401));
            answers.add(record(send(otlp(service, "Basic " + password, good())), 401));
            answers.add(record(send(otlp(service, key.token(), new byte[] {0x0a, (byte) 0xff, 0x01})), 400));
            answers.add(record(send(api(service, "/api/v1/traces", key.token())), 200));
            answers.add(record(send(api(service, "/api/v1/traces", wrongSecret)), 401));
            answers.add(record(send(api(service, "/api/v1/traces?limit=-5&from=yesterday", key.token())), 400));
            answers.add(record(send(api(service, "/api/v1/traces/not-a-trace", key.token())), 400, 404));
            answers.add(grpc(service, wrongSecret));
            answers.add(grpc(service, key.token()));
            answers.add(record(send(api(service, "/api/v1/traces", null)), 401));
            for (String path : List.of("/health", "/health/ready", "/health/live", "/metrics")) {
                answers.add(send(HttpRequest.newBuilder(URI.create(service.managementUrl() + path))).body());
                answers.add(send(HttpRequest.newBuilder(URI.create(service.managementUrl() + path))
                        .header("Authorization", "Bearer " + key.token())).body());
            }
            answers.add(Files.readString(service.portsFile()));
            answers.add(String.valueOf(service.ports()));
            answers.add(service.storage().databaseUrl());
            answers.add(String.valueOf(config));
            answers.add(String.valueOf(service.storage().config()));
            try (Connection c = DirectConnections.to(service.storage().config()).getConnection(); Statement st = c.createStatement();
                    var rs = st.executeQuery("SELECT current_user")) {
                rs.next();
                assertThat(rs.getString(1)).as("the service connects as the role with the password").isEqualTo(role);
            }
        } finally {
            service.stop();
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(logs);
            context.getLogger("org.llmobservatory").setLevel(null);
        }

        String secret = key.token().substring(key.token().lastIndexOf('_') + 1);
        String logText = text(logs);
        assertThat(logs.list).as("the service logged its start").isNotEmpty();
        assertThat(logText).doesNotContain(password).doesNotContain(secret);
        assertThat(answers).hasSizeGreaterThan(10).allSatisfy(answer -> assertThat(answer)
                .doesNotContain(password).doesNotContain(secret));
    }

    private static ListAppender<ILoggingEvent> captureLogs() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        // Debug logs of our own code too: a secret there would reach anyone who turns debug on.
        context.getLogger("org.llmobservatory").setLevel(Level.DEBUG);
        return appender;
    }

    private static String text(ListAppender<ILoggingEvent> logs) {
        StringBuilder all = new StringBuilder();
        for (ILoggingEvent event : List.copyOf(logs.list)) {
            all.append(event.getFormattedMessage()).append('\n');
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                all.append(ThrowableProxyUtil.asString(thrown)).append('\n');
            }
            event.getMDCPropertyMap().values().forEach(v -> all.append(v).append('\n'));
        }
        return all.toString();
    }

    private static byte[] good() {
        return Otlp.traces(Otlp.span(java.time.Instant.now())).toByteArray();
    }

    private static HttpRequest.Builder otlp(ObservatoryService service, String token, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + service.ports().otlpHttp() + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", token.startsWith("Basic ") ? token : "Bearer " + token);
        }
        return request;
    }

    private static HttpRequest.Builder api(ObservatoryService service, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.apiUrl() + path));
        if (token != null) {
            request.header("X-API-Key", token);
        }
        return request;
    }

    private static String grpc(ObservatoryService service, String token) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", service.ports().otlpGrpc())
                .usePlaintext().build();
        try {
            Metadata metadata = new Metadata();
            metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            var stub = TraceServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                    .withDeadlineAfter(Duration.ofSeconds(10));
            try {
                return stub.export(ExportTraceServiceRequest.parseFrom(good())).toString();
            } catch (StatusRuntimeException e) {
                return e.getStatus() + " " + e.getTrailers();
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        } finally {
            channel.shutdownNow();
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String record(HttpResponse<String> response, int... expected) {
        assertThat(response.statusCode()).as(response.body()).isIn(java.util.Arrays.stream(expected).boxed().toList());
        return response.headers().map() + " " + response.body();
    }
}
