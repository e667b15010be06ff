package org.llmobservatory.server.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.service.ObservatoryService;
import org.llmobservatory.storage.config.DatabaseUrl;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.embedded.EmbeddedDatabase;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.TestServers;

/**
 * PostgreSQL stopped for more than 10 s under sustained OTLP/HTTP ingest: clients are told to retry,
 * readiness fails and recovers, and every acknowledged span is stored exactly once. Once the writers know the
 * database is gone, {@code /health} says so and a new request is refused at once, naming why, instead of being
 * held until its acknowledgement deadline (a minute here, longer than the probe's client waits). The test owns
 * its PostgreSQL; the shared test server is never stopped.
 */
class DatabaseOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(11);
    /** Twelve clients of 500 spans overflow a 5,000-span buffer while the database is away. */
    private static final int CLIENTS = 12;
    private static final int SPANS_PER_REQUEST = 500;
    /** Far longer than {@link #PROBE_TIMEOUT}: a probe answered in time was refused without waiting for it. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);
    /** A span that must be stored (recent, well formed): without fail-fast it would wait for its commit. */
    private static final String PROBE_SPAN = """
            {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c",
            "spanId":"eee19b7ec3c1b174","name":"probe","startTimeUnixNano":"%d",
            "endTimeUnixNano":"%d"}]}]}]}""";

    private EmbeddedDatabase pg;
    private ObservatoryService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop();
        }
        if (pg != null) {
            pg.stop();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void acknowledged_spans_survive_a_database_outage_exactly_once() throws Exception {
        Path dir = TestServers.work().resolve("database-outage");
        pg = EmbeddedDatabase.start(dir.resolve("postgres"), 0);
        service = ObservatoryService.start(ServerConfig.ephemeral().withAckTimeout(ACK_TIMEOUT), StorageConfig.builder()
                .database(DatabaseUrl.parse(pg.jdbcUrl())).user("postgres").password(pg.password())
                .redis(new RedisTarget.Disabled()).dataDir(dir)
                .writer(WriterSettings.DEFAULTS.withBufferCapacity(5_000).withRetryBackoffMax(Duration.ofSeconds(1)))
                .build());
        ManagementProbe probe = new ManagementProbe(service.managementUrl());
        URI endpoint = URI.create("http://127.0.0.1:" + service.ports().otlpHttp() + "/v1/traces");
        Ledger ledger = new Ledger();
        ClientFleet fleet = new ClientFleet(CLIENTS, SPANS_PER_REQUEST, new SpanRequests(),
                new RetryingExporter(() -> endpoint, ledger, 40), ledger);
        try (fleet) {
            Eventually.await(Duration.ofSeconds(20), "ingest under way", () -> ledger.acknowledged.get() >= 20);
            double retriesBefore = probe.sum("storage_retries_total");
            long refusedBefore = ledger.refusedWithRetryAfter.get();
            AtomicInteger livenessFailures = new AtomicInteger();

            long outageStarted = System.nanoTime();
            pg.stop();
            Eventually.await(Duration.ofSeconds(15), "/health/ready 503 while PostgreSQL is down",
                    () -> probe.status("/health/ready") == 503);
            Eventually.await(Duration.ofSeconds(20), "clients told 503 with Retry-After",
                    () -> ledger.refusedWithRetryAfter.get() > refusedBefore);
            Eventually.await(Duration.ofSeconds(20), "/health to say the database cannot be reached",
                    () -> probe.componentError("writers").contains("cannot be reached"));
            HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint)
                    .timeout(PROBE_TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(probeSpan())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(refused.body()).contains("the database cannot be reached");
            Eventually.await(OUTAGE.plusSeconds(10), "an outage of " + OUTAGE.toSeconds() + " s", () -> {
                if (probe.status("/health/live") != 200) {
                    livenessFailures.incrementAndGet();
                }
                return System.nanoTime() - outageStarted >= OUTAGE.toNanos();
            });
            assertThat(probe.status("/health/ready")).isEqualTo(503);
            pg.restart();

            Eventually.await(Duration.ofSeconds(30), "/health/ready 200 again", () -> probe.status("/health/ready") == 200);
            long acknowledgedAtRecovery = ledger.acknowledged.get();
            Eventually.await(Duration.ofSeconds(30), "ingest acknowledged again",
                    () -> ledger.acknowledged.get() >= acknowledgedAtRecovery + 20);
            fleet.stop(Duration.ofSeconds(60));

            service.storage().traces().flush().get(30, TimeUnit.SECONDS);
            assertThat(probe.sum("storage_retries_total")).isGreaterThan(retriesBefore);
            assertThat(livenessFailures).hasValue(0);
            assertThat(ledger.unexpected).isEmpty();
            assertThat(ledger.connectionErrors).hasValue(0);
            SpanCensus census = SpanCensus.take(pg.jdbcUrl(), "postgres", pg.password(), ledger.acknowledgedSpans);
            System.out.println("[fault] database outage: " + census + "; " + ledger);
            assertThat(census.acknowledged()).isGreaterThan(0);
            assertThat(census.lost()).isZero();
            assertThat(census.duplicates()).isZero();
        }
    }

    private static String probeSpan() {
        long now = java.time.Instant.now().toEpochMilli() * 1_000_000;
        return PROBE_SPAN.formatted(now, now + 100_000_000);
    }
}
