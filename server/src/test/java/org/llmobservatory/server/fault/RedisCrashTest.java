package org.llmobservatory.server.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.llmobservatory.server.config.SecurityConfig;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.ratelimit.RateLimit;
import org.llmobservatory.server.service.ObservatoryService;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.embedded.EmbeddedCache;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.Http;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/**
 * Redis killed with SIGKILL under ingest and queries, then started again (empty, as after a crash): queries
 * keep answering 200 from PostgreSQL, ingest keeps being acknowledged (the rate limiter falls back to its
 * in-process buckets), /health shows Redis DOWN and the service DEGRADED but ready, then UP, and the cache
 * serves hits again. Users see no error at any point.
 */
class RedisCrashTest {

    private static final int CLIENTS = 4;
    private static final int SPANS_PER_REQUEST = 200;
    /** Enabled, so that the Redis buckets are in use when Redis dies, and far above what the test sends. */
    private static final RateLimit GENEROUS = new RateLimit(10_000, 20_000);
    private static final String[] QUERIES = {"/api/v1/usage?groupBy=model", "/api/v1/traces?limit=20"};

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void queries_and_ingest_carry_on_through_a_redis_crash_and_the_cache_comes_back() throws Exception {
        TestDatabase db = TestServers.freshDatabase();
        EmbeddedCache redis = EmbeddedCache.start(0, TestServers.work().resolve("redis-crash"));
        ObservatoryService service = ObservatoryService.start(ServerConfig.ephemeral(),
                db.config().withRedis(new RedisTarget.External(redis.url())),
                SecurityConfig.defaults().withRateLimit(GENEROUS));
        QueryTraffic queries = new QueryTraffic(service.apiUrl());
        try {
            ManagementProbe probe = new ManagementProbe(service.managementUrl());
            URI endpoint = URI.create("http://127.0.0.1:" + service.ports().otlpHttp() + "/v1/traces");
            Ledger ledger = new Ledger();
            try (ClientFleet fleet = new ClientFleet(CLIENTS, SPANS_PER_REQUEST, new SpanRequests(),
                    new RetryingExporter(() -> endpoint, ledger, 20), ledger)) {
                queries.start();
                Eventually.await(Duration.ofSeconds(30), "ingest under way and cache hits",
                        () -> ledger.acknowledged.get() >= 10 && queries.answers("hit") > 0);

                redis.kill();
                long acknowledgedAtCrash = ledger.acknowledged.get();
                long bypassesAtCrash = queries.answers("bypass");
                Eventually.await(Duration.ofSeconds(15), "/health to show Redis DOWN",
                        () -> "DOWN".equals(redisStatus(probe)));
                HttpResponse<String> degraded = Http.get(probe.baseUrl() + "/health");
                assertThat(degraded.statusCode()).as(degraded.body()).isEqualTo(200);
                assertThat(Http.json(degraded).get("status").asText()).isEqualTo("DEGRADED");
                assertThat(probe.status("/health/ready")).isEqualTo(200);
                Eventually.await(Duration.ofSeconds(20), "queries answered from PostgreSQL and ingest acknowledged",
                        () -> queries.answers("bypass") >= bypassesAtCrash + 10
                                && ledger.acknowledged.get() >= acknowledgedAtCrash + 10);

                redis.restart();
                Eventually.await(Duration.ofSeconds(30), "/health to show Redis UP again",
                        () -> "UP".equals(redisStatus(probe)));
                long hitsAfterRestart = queries.answers("hit");
                Eventually.await(Duration.ofSeconds(30), "the cache to serve hits again",
                        () -> queries.answers("hit") > hitsAfterRestart);
                fleet.stop(Duration.ofSeconds(60));
            }
            queries.stop();
            service.storage().traces().flush().get(30, TimeUnit.SECONDS);

            SpanCensus census = SpanCensus.take(db.jdbcUrl(), db.user(), db.password(), ledger.acknowledgedSpans);
            System.out.println("[fault] redis crash: " + census + "; " + ledger + "; queries " + queries);
            assertThat(queries.failures).as("query answers other than 200").isEmpty();
            assertThat(ledger.unexpected).as("ingest answers other than 200 or 503").isEmpty();
            assertThat(ledger.abandoned).hasValue(0);
            assertThat(census.lost()).isZero();
            assertThat(census.duplicates()).isZero();
            assertThat(probe.status("/health")).isEqualTo(200);
        } finally {
            queries.stop();
            service.stop();
            redis.close();
        }
    }

    private static String redisStatus(ManagementProbe probe) {
        try {
            JsonNode redis = Http.json(Http.get(probe.baseUrl() + "/health")).get("components").get("redis");
            return redis == null ? "absent" : redis.get("status").asText();
        } catch (IOException e) {
            return "unreachable";
        }
    }

    /** One client asking the query API in a loop, counting answers by X-Cache and keeping every failure. */
    private static final class QueryTraffic {

        private final String apiUrl;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Map<String, AtomicLong> byCache = new ConcurrentHashMap<>();
        final Queue<String> failures = new ConcurrentLinkedQueue<>();
        private Thread thread;

        QueryTraffic(String apiUrl) {
            this.apiUrl = apiUrl;
        }

        void start() {
            thread = Thread.ofPlatform().name("redis-crash-queries").daemon().start(() -> {
                for (long i = 0; running.get(); i++) {
                    String query = QUERIES[(int) (i % QUERIES.length)];
                    try {
                        HttpResponse<String> response = Http.get(apiUrl + query);
                        if (response.statusCode() != 200) {
                            failures.add(query + " -> " + response.statusCode() + " " + response.body());
                        }
                        String cache = response.headers().firstValue("X-Cache").orElse("none");
                        byCache.computeIfAbsent(cache, k -> new AtomicLong()).incrementAndGet();
                    } catch (IOException e) {
                        failures.add(query + " -> " + e);
                    }
                }
            });
        }

        long answers(String cache) {
            AtomicLong n = byCache.get(cache);
            return n == null ? 0 : n.get();
        }

        void stop() throws InterruptedException {
            running.set(false);
            if (thread != null) {
                thread.join(Duration.ofSeconds(30));
            }
        }

        @Override
        public String toString() {
            return "answered by cache state " + byCache + ", failures " + failures.size();
        }
    }
}
