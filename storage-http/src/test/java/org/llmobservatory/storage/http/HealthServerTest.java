package org.llmobservatory.storage.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.metrics.StorageMetrics;
import org.llmobservatory.storage.support.Http;
import org.llmobservatory.storage.support.TestServers;

/** The four endpoints of a health server over real HTTP, on the shared test PostgreSQL and Redis. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthServerTest {

    private PrometheusMeterRegistry registry;
    private Storage storage;
    private HealthServer server;

    @BeforeAll
    void start() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        storage = Storage.open(TestServers.freshDatabase().config()
                .withRedis(new RedisTarget.External(TestServers.redis().url())),
                new StorageMetrics(registry).observers());
        server = HealthServer.start(HealthServer.Settings.of("127.0.0.1", 0), storage, registry);
    }

    @AfterAll
    void stop() {
        server.close();
        storage.close();
        registry.close();
    }

    @Test
    void health_answers_200_up_with_every_component_and_its_details() throws Exception {
        HttpResponse<String> response = Http.get(server.url() + "/health");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Http.contentType(response)).startsWith("application/json");
        JsonNode body = Http.json(response);
        assertThat(body.get("status").asText()).isEqualTo("UP");
        JsonNode components = body.get("components");
        assertThat(components.fieldNames()).toIterable()
                .containsExactly("postgres", "redis", "replica", "pool", "writers");
        for (String name : List.of("postgres", "redis", "pool", "writers")) {
            assertThat(components.get(name).get("status").asText()).as(name).isEqualTo("UP");
        }
        assertThat(components.get("replica").get("status").asText()).isEqualTo("DISABLED");
        assertThat(components.get("replica").get("details").get("reason").asText())
                .contains("OBSERVATORY_DATABASE_READ_URL");

        JsonNode postgres = components.get("postgres").get("details");
        assertThat(postgres.get("latencyMs").isIntegralNumber()).isTrue();
        assertThat(postgres.get("database").asText()).startsWith("jdbc:postgresql://127.0.0.1:");
        assertThat(components.get("redis").get("details").get("url").asText()).isEqualTo(TestServers.redis().url());

        JsonNode pool = components.get("pool").get("details");
        assertThat(pool.get("max").asInt()).isEqualTo(storage.config().poolSize());
        assertThat(pool.get("total").asInt()).isEqualTo(pool.get("active").asInt() + pool.get("idle").asInt());
        assertThat(pool.get("pending").asInt()).isZero();
        assertThat(pool.get("utilisation").asDouble()).isBetween(0.0, 1.0);
        assertThat(pool.get("nearCapacity").isBoolean()).isTrue();

        JsonNode writers = components.get("writers").get("details");
        assertThat(writers.fieldNames()).toIterable().containsExactly("trace", "log", "metric");
        JsonNode trace = writers.get("trace");
        assertThat(trace.get("capacity").asInt()).isEqualTo(storage.config().writer().bufferCapacity());
        assertThat(trace.get("buffered").asInt()).isZero();
        assertThat(trace.get("fill").asDouble()).isZero();
    }

    @Test
    void liveness_answers_200_up() throws Exception {
        HttpResponse<String> response = Http.get(server.url() + "/health/live");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.json(response).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void readiness_answers_200_with_postgres_migrations_and_draining_up() throws Exception {
        HttpResponse<String> response = Http.get(server.url() + "/health/ready");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = Http.json(response);
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.has("failed")).isFalse();
        assertThat(body.get("checks").fieldNames()).toIterable().containsExactly("postgres", "migrations", "draining");
        body.get("checks").forEach(check -> assertThat(check.get("status").asText()).isEqualTo("UP"));
    }

    @Test
    void metrics_answers_the_prometheus_text_format_by_default() throws Exception {
        HttpResponse<String> response = Http.get(server.url() + "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.contentType(response)).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body())
                .contains("# HELP storage_items_written_total ")
                .contains("# TYPE storage_items_written_total counter")
                .doesNotContain("# EOF");
    }

    @Test
    void metrics_are_written_on_a_platform_thread_where_the_jdk_gives_the_writer_its_full_buffer()
            throws Exception {
        PrometheusMeterRegistry own = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicReference<Thread> scrapedOn = new AtomicReference<>();
        Gauge.builder("scrape.thread.probe", () -> {
            scrapedOn.set(Thread.currentThread());
            return 1;
        }).register(own);
        try (HealthServer other = HealthServer.start(HealthServer.Settings.of("127.0.0.1", 0), storage, own)) {
            HttpResponse<String> response = Http.get(other.url() + "/metrics");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("scrape_thread_probe");
            assertThat(scrapedOn.get().isVirtual()).as("scraped on " + scrapedOn.get()).isFalse();
        } finally {
            own.close();
        }
    }

    @Test
    void metrics_answers_openmetrics_when_the_scraper_asks_for_it() throws Exception {
        // What Prometheus 2.x sends.
        String accept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
                + "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
        HttpResponse<String> response = Http.get(server.url() + "/metrics", accept);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.contentType(response)).isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(response.body())
                .contains("# TYPE storage_items_written counter")
                .endsWith("# EOF\n");
    }

    @Test
    void requests_are_counted_by_route_template_and_unknown_paths_by_a_fixed_label() throws Exception {
        Http.get(server.url() + "/health/live");
        Http.get(server.url() + "/health/no-such-probe-" + System.nanoTime());

        String scrape = Http.get(server.url() + "/metrics").body();

        assertThat(scrape).containsPattern("http_server_requests_seconds_count\\{method=\"GET\",outcome=\"SUCCESS\","
                + "status=\"200\",uri=\"/health/live\"} \\d");
        assertThat(scrape).containsPattern("http_server_requests_seconds_count\\{method=\"GET\","
                + "outcome=\"CLIENT_ERROR\",status=\"404\",uri=\"NOT_FOUND\"} \\d");
        assertThat(scrape).doesNotContain("no-such-probe");
    }

    @Test
    void redis_switched_off_is_reported_disabled_and_the_service_stays_up() throws Exception {
        PrometheusMeterRegistry own = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Storage noCache = Storage.open(TestServers.freshDatabase().config());
                HealthServer noCacheServer = HealthServer.start(HealthServer.Settings.of("127.0.0.1", 0), noCache,
                        own)) {
            HttpResponse<String> response = Http.get(noCacheServer.url() + "/health");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = Http.json(response);
            assertThat(body.get("status").asText()).isEqualTo("UP");
            assertThat(body.get("components").get("redis").get("status").asText()).isEqualTo("DISABLED");
        } finally {
            own.close();
        }
    }

    @Test
    void two_servers_in_one_jvm_each_on_a_free_port_serve_their_own_registry() throws Exception {
        PrometheusMeterRegistry first = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PrometheusMeterRegistry second = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("only.in.first").description("first registry").register(first).increment();
        Counter.builder("only.in.second").description("second registry").register(second).increment(2);
        try (HealthServer a = HealthServer.start(HealthServer.Settings.of("127.0.0.1", 0), storage, first);
                HealthServer b = HealthServer.start(HealthServer.Settings.of("127.0.0.1", 0), storage, second)) {
            assertThat(a.port()).isPositive().isNotEqualTo(b.port());

            String scrapeA = Http.get(a.url() + "/metrics").body();
            String scrapeB = Http.get(b.url() + "/metrics").body();

            assertThat(scrapeA).contains("only_in_first_total 1.0").doesNotContain("only_in_second");
            assertThat(scrapeB).contains("only_in_second_total 2.0").doesNotContain("only_in_first");
            assertThat(Http.get(a.url() + "/health").statusCode()).isEqualTo(200);
            assertThat(Http.get(b.url() + "/health").statusCode()).isEqualTo(200);
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void readiness_answers_503_naming_postgres_once_storage_is_closed_under_a_running_server() throws Exception {
        Storage storage = Storage.open(TestServers.freshDatabase().config());
        try (HealthServer server = HealthServer.start(HealthServer.Settings.of("127.0.0.1", 0), storage,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            assertThat(Http.get(server.url() + "/health/ready").statusCode()).isEqualTo(200);

            storage.close();

            HttpResponse<String> ready = Http.get(server.url() + "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            JsonNode body = Http.json(ready);
            assertThat(body.get("failed")).extracting(JsonNode::asText).contains("postgres");
            assertThat(body.get("checks").get("postgres").get("status").asText()).isEqualTo("DOWN");
            assertThat(Http.get(server.url() + "/health/live").statusCode()).isEqualTo(200);
        } finally {
            storage.close();
        }
    }
}
