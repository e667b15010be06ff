package org.llmobservatory.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.support.PostgresProcesses;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.schema.PartitionManager;
import org.llmobservatory.storage.schema.TelemetryTable;
import org.llmobservatory.storage.pool.DirectConnections;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.Http;

/**
 * The service as {@code observatory serve} runs it with nothing configured: embedded PostgreSQL and Redis
 * in a data directory, probes over real HTTP. One service is shared by the tests (an embedded start
 * costs seconds); the restart test replaces it with its successor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservatoryServiceTest {

    // Every port free: ports.json must report the ports actually bound.
    private static final ServerConfig SERVER = new ServerConfig("127.0.0.1", 0, 0, 0, 0);

    @TempDir
    static Path dataDir;

    private ObservatoryService service;

    @BeforeAll
    void start() {
        service = ObservatoryService.start(SERVER, embeddedDefault());
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.stop();
        }
    }

    private static StorageConfig embeddedDefault() {
        return StorageConfig.builder().dataDir(dataDir).build();
    }

    @Test
    void liveness_and_readiness_answer_200_over_http() throws Exception {
        HttpResponse<String> live = Http.get(service.managementUrl() + "/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(Http.json(live).get("status").asText()).isEqualTo("UP");
        assertThat(live.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));

        HttpResponse<String> ready = Http.get(service.managementUrl() + "/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        JsonNode body = Http.json(ready);
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.get("checks").get("postgres").get("status").asText()).isEqualTo("UP");
        assertThat(body.get("checks").get("migrations").get("status").asText()).isEqualTo("UP");
        assertThat(body.get("checks").get("draining").get("status").asText()).isEqualTo("UP");
    }

    @Test
    void ports_json_holds_the_bound_management_port_and_a_database_url_without_password() throws Exception {
        Path file = dataDir.resolve("ports.json");
        ServicePorts ports = ServicePorts.readFrom(file);

        assertThat(ports.management()).isPositive();
        assertThat(Http.get("http://127.0.0.1:" + ports.management() + "/health/live").statusCode()).isEqualTo(200);
        assertThat(ports.otlpHttp()).isPositive().isEqualTo(service.ports().otlpHttp());
        assertThat(ports.otlpGrpc()).isPositive().isEqualTo(service.ports().otlpGrpc());
        assertThat(ports.otlpHttp()).isNotEqualTo(ports.otlpGrpc());
        assertThat(ports.api()).isPositive();
        assertThat(Http.get("http://127.0.0.1:" + ports.api() + "/api/v1/openapi.json").statusCode()).isEqualTo(200);
        int pgPort = service.localServers().database().orElseThrow().port();
        assertThat(ports.database()).isEqualTo("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres");
        assertThat(Files.readString(file)).doesNotContainIgnoringCase("password")
                .contains("\"management\"", "\"otlpHttp\"", "\"otlpGrpc\"", "\"api\"", "\"database\"");
    }

    @Test
    void a_restart_on_the_same_data_dir_keeps_stored_spans_and_leaves_no_postgres_behind() throws Exception {
        String traceId = String.format("%032x", System.nanoTime());
        insertSpan(service, traceId);
        assertThat(PostgresProcesses.of(dataDir)).as("postgres of %s while running", dataDir).isNotEmpty();

        service.stop();
        service.stop(); // a second stop does nothing
        Eventually.await(Duration.ofSeconds(10), "no postgres process left for " + dataDir,
                () -> PostgresProcesses.of(dataDir).isEmpty());
        assertThat(dataDir.resolve("ports.json")).doesNotExist();

        service = ObservatoryService.start(SERVER, embeddedDefault());
        assertThat(countSpans(service, traceId)).isEqualTo(1);
        assertThat(Http.get(service.managementUrl() + "/health/ready").statusCode()).isEqualTo(200);
        assertThat(ServicePorts.readFrom(dataDir.resolve("ports.json")).management())
                .isEqualTo(service.ports().management());
    }

    private static void insertSpan(ObservatoryService service, String traceId) throws Exception {
        OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC);
        new PartitionManager(DirectConnections.to(service.storage().config())).ensure(TelemetryTable.SPANS, LocalDate.now(ZoneOffset.UTC));
        try (Connection c = DirectConnections.to(service.storage().config()).getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO spans (project_id, trace_id, span_id, name, kind, start_time, end_time,
                                           duration_ms, status_code)
                        VALUES (?, decode(?, 'hex'), decode(?, 'hex'), ?, ?::span_kind, ?, ?, ?, ?::span_status)
                        """)) {
            ps.setString(1, "default");
            ps.setString(2, traceId);
            ps.setString(3, "00000000000000a1");
            ps.setString(4, "chat gpt-4o");
            ps.setString(5, "client");
            ps.setObject(6, start);
            ps.setObject(7, start.plusNanos(250_000_000));
            ps.setDouble(8, 250.0);
            ps.setString(9, "ok");
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private static long countSpans(ObservatoryService service, String traceId) throws Exception {
        try (Connection c = DirectConnections.to(service.storage().config()).getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM spans WHERE trace_id = decode(?, 'hex')")) {
            ps.setString(1, traceId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
