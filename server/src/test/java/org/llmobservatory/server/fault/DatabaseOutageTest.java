package org.llmobservatory.server.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.llmobservatory.server.ObservatoryService;
import org.llmobservatory.server.ServerConfig;
import org.llmobservatory.storage.config.DatabaseUrl;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.embedded.EmbeddedDatabase;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.TestServers;

/**
 * PostgreSQL stopped for more than 10 s under sustained OTLP/HTTP ingest: clients are told to retry,
 * readiness fails and recovers, and every acknowledged span is stored exactly once. The test owns its
 * PostgreSQL; the shared test server is never stopped.
 */
class DatabaseOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(11);
    /** Twelve clients of 500 spans overflow a 5,000-span buffer while the database is away. */
    private static final int CLIENTS = 12;
    private static final int SPANS_PER_REQUEST = 500;

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
        service = ObservatoryService.start(ServerConfig.ephemeral(), StorageConfig.builder()
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
}
