package org.llmobservatory.storage.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.config.DatabaseUrl;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.embedded.EmbeddedCache;
import org.llmobservatory.storage.embedded.EmbeddedDatabase;
import org.llmobservatory.storage.metrics.StorageMetrics;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.Http;
import org.llmobservatory.storage.support.TestServers;

/**
 * Probes while PostgreSQL or Redis fail under a running server. This class owns its PostgreSQL and Redis
 * (the shared test servers are never stopped); each test leaves them running again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthFaultTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** HTTP, JSON and thread start-up on a busy build machine, on top of the check deadline. */
    private static final Duration MARGIN = Duration.ofMillis(1500);
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    private EmbeddedDatabase db;
    private EmbeddedCache cache;
    private PrometheusMeterRegistry registry;
    private Storage storage;
    private HealthServer server;

    @BeforeAll
    void start() {
        Path dir = TestServers.work().resolve("health-faults");
        db = EmbeddedDatabase.start(dir.resolve("postgres"), 0);
        cache = EmbeddedCache.start(0, dir.resolve("redis"));
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        storage = Storage.open(StorageConfig.builder()
                .database(DatabaseUrl.parse(db.jdbcUrl()))
                .user("postgres")
                .password(db.password())
                .redis(new RedisTarget.External(cache.url()))
                .dataDir(dir)
                .build(), new StorageMetrics(registry).observers());
        server = HealthServer.start(HealthServer.Settings.of("127.0.0.1", 0).withCheckTimeout(TIMEOUT), storage,
                registry);
    }

    @AfterAll
    void stop() {
        server.close();
        storage.close();
        registry.close();
        cache.close();
        db.close();
    }

    @Test
    void a_stopped_postgres_fails_readiness_and_health_at_once_while_liveness_stays_200() throws Exception {
        db.stop();
        try {
            assertPostgresDownWithinTheTimeout();
        } finally {
            db.restart();
        }
        assertRecovered();
    }

    @Test
    void a_hung_postgres_fails_readiness_and_health_within_the_check_timeout() throws Exception {
        List<Long> postgres = postgresProcesses();
        signal("STOP", postgres);
        try {
            assertPostgresDownWithinTheTimeout();
        } finally {
            signal("CONT", postgres);
        }
        assertRecovered();
    }

    @Test
    void a_stopped_redis_shows_redis_down_and_the_service_degraded_but_ready() throws Exception {
        cache.stop();
        try {
            Eventually.await(Duration.ofSeconds(10), "redis reported down",
                    () -> "DOWN".equals(health().get("components").get("redis").get("status").asText()));
            HttpResponse<String> response = Http.get(server.url() + "/health");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = Http.json(response);
            assertThat(body.get("status").asText()).isEqualTo("DEGRADED");
            assertThat(body.get("components").get("redis").get("details").get("error").asText()).isNotBlank();
            assertThat(body.get("components").get("postgres").get("status").asText()).isEqualTo("UP");
            assertThat(Http.get(server.url() + "/health/ready").statusCode()).isEqualTo(200);
        } finally {
            cache.restart();
        }
        Eventually.await(RECOVERY, "redis reported up again",
                () -> "UP".equals(health().get("components").get("redis").get("status").asText()));
        assertThat(health().get("status").asText()).isEqualTo("UP");
    }

    private void assertPostgresDownWithinTheTimeout() throws IOException {
        long started = System.nanoTime();
        HttpResponse<String> ready = Http.get(server.url() + "/health/ready");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.plus(MARGIN));
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
        assertThat(Http.json(ready).get("failed")).extracting(JsonNode::asText).contains("postgres");

        assertThat(Http.get(server.url() + "/health/live").statusCode()).isEqualTo(200);

        started = System.nanoTime();
        HttpResponse<String> health = Http.get(server.url() + "/health");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.plus(MARGIN));
        assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
        JsonNode body = Http.json(health);
        assertThat(body.get("status").asText()).isEqualTo("DOWN");
        JsonNode postgres = body.get("components").get("postgres");
        assertThat(postgres.get("status").asText()).isEqualTo("DOWN");
        assertThat(postgres.get("details").get("error").asText()).isNotBlank();
        assertThat(body.get("components").get("pool").get("status").asText()).isEqualTo("UP");
    }

    private void assertRecovered() throws IOException {
        Eventually.await(RECOVERY, "/health/ready 200 again", () -> status("/health/ready") == 200);
        Eventually.await(RECOVERY, "/health 200 again", () -> status("/health") == 200);
        assertThat(health().get("components").get("postgres").get("status").asText()).isEqualTo("UP");
    }

    private int status(String path) {
        try {
            return Http.get(server.url() + path).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private JsonNode health() {
        try {
            return Http.json(Http.get(server.url() + "/health"));
        } catch (IOException e) {
            throw new AssertionError("/health did not answer", e);
        }
    }

    /** The postmaster, from its pid file, then every backend it started. */
    private List<Long> postgresProcesses() throws IOException {
        long postmaster = Long.parseLong(Files.readAllLines(db.dataDirectory().resolve("postmaster.pid")).get(0)
                .strip());
        List<Long> pids = new ArrayList<>(List.of(postmaster));
        ProcessHandle.of(postmaster).orElseThrow().descendants().forEach(p -> pids.add(p.pid()));
        return pids;
    }

    /** SIGSTOP freezes PostgreSQL with its sockets open: connections hang instead of failing. */
    private static void signal(String name, List<Long> pids) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", "-" + name));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes());
        assertThat(kill.waitFor()).as("kill -%s: %s", name, output).isZero();
    }
}
