package org.llmobservatory.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.service.ObservatoryService;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/**
 * The binary bodies of the hostile corpus (traces, logs and metrics) sent as OTLP/gRPC exports, to a service
 * with a database of its own. Each must get the gRPC equivalent of the answer recorded for OTLP/HTTP (OK for 200,
 * INVALID_ARGUMENT for 400, RESOURCE_EXHAUSTED for 413) with a message saying what is wrong, and store the
 * same items: the two protocols share one decoder and one set of rules. Never INTERNAL or UNKNOWN.
 */
class HostileGrpcTest {

    /** Codes that would mean the service failed rather than the request. */
    private static final Set<Status.Code> SERVER_FAILURES = Set.of(Status.Code.INTERNAL, Status.Code.UNKNOWN,
            Status.Code.DATA_LOSS, Status.Code.UNIMPLEMENTED);
    private static final Map<String, MethodDescriptor<byte[], byte[]>> EXPORTS = Map.of(
            "/v1/traces", raw(TraceServiceGrpc.getExportMethod()),
            "/v1/logs", raw(LogsServiceGrpc.getExportMethod()),
            "/v1/metrics", raw(MetricsServiceGrpc.getExportMethod()));
    private static final Map<String, Integer> OUTCOMES = new TreeMap<>();
    private static TestDatabase db;
    private static Connection connection;
    private static ObservatoryService service;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        db = TestServers.freshDatabase();
        connection = db.connect();
        service = ObservatoryService.start(new ServerConfig("127.0.0.1", 0, 0, 0, 0), db.config()
                .withWriter(db.config().writer().withFlushInterval(Duration.ofMillis(2))));
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", service.ports().otlpGrpc()).usePlaintext()
                .maxInboundMessageSize(16 << 20).build();
    }

    @AfterAll
    static void stop() throws Exception {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        service.stop();
        connection.close();
        System.out.println("[hostile] OTLP/gRPC replay of the binary corpus: " + OUTCOMES);
    }

    static Stream<HostileInputTest.OtlpCase> binaryCases() {
        return HostileInputTest.otlpCases().filter(c -> c.contentType().equals("application/x-protobuf")
                && c.encoding().equals("-"));
    }

    private static MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<?, ?> export) {
        return export.toBuilder(RawBytes.INSTANCE, RawBytes.INSTANCE).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryCases")
    void a_hostile_body_over_grpc_gets_the_answer_it_gets_over_http(HostileInputTest.OtlpCase c) throws Exception {
        byte[] body = HostileInputTest.withTimes(HostileInputTest.resource("hostile/" + c.file()), false);
        Status.Code code;
        String message;
        try {
            byte[] answer = ClientCalls.blockingUnaryCall(channel, EXPORTS.get(c.path()),
                    CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), body);
            code = Status.Code.OK;
            // The three export responses share the shape {partialSuccess {rejected = 1; errorMessage = 2}}.
            message = ExportTraceServiceResponse.parseFrom(answer).getPartialSuccess().getErrorMessage();
        } catch (StatusRuntimeException e) {
            code = e.getStatus().getCode();
            message = String.valueOf(e.getStatus().getDescription());
        }
        tally(code.name());

        assertThat(code).as("never a server failure; message: %s", message).isNotIn(SERVER_FAILURES);
        assertThat(HostileInputTest.matches(c.expect(), httpEquivalent(code)))
                .as("%s for expected HTTP %s; message: %s", code, c.expect(), message).isTrue();
        if (code != Status.Code.OK) {
            assertThat(message).as("a refusal says what is wrong").hasSizeGreaterThan(15);
        }
        if (c.stored() >= 0) {
            String svc = HostileInputTest.serviceName(c.file());
            try (PreparedStatement s = connection.prepareStatement(
                    "SELECT count(*) FROM " + HostileInputTest.table(c.path()) + " WHERE service_name = ?")) {
                s.setString(1, svc);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("items stored for %s", svc).isEqualTo(c.stored());
                }
            }
        }
    }

    private static int httpEquivalent(Status.Code code) {
        return switch (code) {
            case OK -> 200;
            case INVALID_ARGUMENT -> 400;
            case RESOURCE_EXHAUSTED -> 413;
            default -> 500;
        };
    }

    private static synchronized void tally(String outcome) {
        OUTCOMES.merge(outcome, 1, Integer::sum);
    }

    /** Request and answer as raw bytes: the client sends the corpus file exactly as it is. */
    private enum RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        INSTANCE;

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
