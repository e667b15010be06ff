package org.llmobservatory.server.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/**
 * The service killed with SIGKILL in the middle of ingest and started again: clients re-send what was
 * not acknowledged, every acknowledged span is stored, and nothing is stored twice.
 */
class ServiceKillTest {

    private static final int CLIENTS = 4;
    private static final int SPANS_PER_REQUEST = 200;

    private volatile ServiceProcess service;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void acknowledged_spans_survive_sigkill_and_resent_ones_are_stored_once() throws Exception {
        TestDatabase db = TestServers.freshDatabase();
        Path dir = TestServers.work().resolve("service-kill");
        Map<String, String> settings = Map.of("OBSERVATORY_BUFFER_CAPACITY", "20000");
        service = ServiceProcess.start(db, dir, settings);
        Ledger ledger = new Ledger();
        // Enough attempts to outlast the restart: a refused connection is retried every 0.5 s.
        RetryingExporter exporter = new RetryingExporter(
                () -> URI.create("http://127.0.0.1:" + service.otlpHttpPort() + "/v1/traces"), ledger, 120);
        try (ClientFleet fleet = new ClientFleet(CLIENTS, SPANS_PER_REQUEST, new SpanRequests(), exporter, ledger)) {
            Eventually.await(Duration.ofSeconds(30), "ingest under way", () -> ledger.acknowledged.get() >= 20);
            service.kill();
            long acknowledgedAtKill = ledger.acknowledged.get();
            Eventually.await(Duration.ofSeconds(10), "clients meeting the dead service",
                    () -> ledger.connectionErrors.get() > 0);
            service = ServiceProcess.start(db, dir, settings);
            Eventually.await(Duration.ofSeconds(40), "ingest acknowledged by the restarted service",
                    () -> ledger.acknowledged.get() >= acknowledgedAtKill + 20);
            fleet.stop(Duration.ofSeconds(60));
        } finally {
            service.close();
        }
        SpanCensus census = SpanCensus.take(db.jdbcUrl(), db.user(), db.password(), ledger.acknowledgedSpans);
        System.out.println("[fault] SIGKILL: " + census + "; " + ledger);
        assertThat(ledger.unexpected).isEmpty();
        assertThat(ledger.abandoned).as("requests never acknowledged").hasValue(0);
        assertThat(census.acknowledged()).isGreaterThan(0);
        assertThat(census.lost()).isZero();
        assertThat(census.duplicates()).isZero();
    }
}
