package org.llmobservatory.server.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.service.ObservatoryService;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.embedded.EmbeddedDatabase;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.TestServers;

/**
 * The embedded PostgreSQL killed with SIGKILL under OTLP ingest: the service notices its postmaster is gone, starts
 * it again on the same data directory (crash recovery replays the WAL), counts the restart, becomes ready again, and
 * every acknowledged span is stored exactly once. Nobody restarts the service.
 */
class EmbeddedDatabaseKillTest {

    private static final int CLIENTS = 4;
    private static final int SPANS_PER_REQUEST = 200;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void a_killed_embedded_database_is_started_again_and_loses_no_acknowledged_span() throws Exception {
        Path dir = TestServers.work().resolve("embedded-kill");
        ObservatoryService service = ObservatoryService.start(ServerConfig.ephemeral(), StorageConfig.builder()
                .dataDir(dir).redis(new RedisTarget.Disabled()).build());
        try {
            EmbeddedDatabase pg = service.localServers().database().orElseThrow();
            ManagementProbe probe = new ManagementProbe(service.managementUrl());
            URI endpoint = URI.create("http://127.0.0.1:" + service.ports().otlpHttp() + "/v1/traces");
            Ledger ledger = new Ledger();
            try (ClientFleet fleet = new ClientFleet(CLIENTS, SPANS_PER_REQUEST, new SpanRequests(),
                    new RetryingExporter(() -> endpoint, ledger, 60), ledger)) {
                Eventually.await(Duration.ofSeconds(30), "ingest under way", () -> ledger.acknowledged.get() >= 10);

                ProcessHandle postmaster = ProcessHandle.of(postmasterPid(pg)).orElseThrow();
                postmaster.destroyForcibly();
                Eventually.await(Duration.ofSeconds(15), "the postmaster gone", () -> !postmaster.isAlive());
                Eventually.await(Duration.ofSeconds(60), "the embedded database started again",
                        () -> restarts(probe) >= 1);
                Eventually.await(Duration.ofSeconds(30), "/health/ready 200 again",
                        () -> probe.status("/health/ready") == 200);
                long acknowledgedAfter = ledger.acknowledged.get();
                Eventually.await(Duration.ofSeconds(30), "ingest acknowledged again",
                        () -> ledger.acknowledged.get() >= acknowledgedAfter + 10);
                fleet.stop(Duration.ofSeconds(60));
            }
            service.storage().traces().flush().get(30, TimeUnit.SECONDS);

            assertThat(postmasterPid(pg)).as("a new postmaster").isPositive();
            SpanCensus census = SpanCensus.take(pg.jdbcUrl(), EmbeddedDatabase.USER, pg.password(),
                    ledger.acknowledgedSpans);
            System.out.println("[fault] embedded database killed: restarts " + restarts(probe) + "; " + census + "; "
                    + ledger);
            assertThat(ledger.unexpected).as("answers other than 200 or 503").isEmpty();
            assertThat(ledger.abandoned).hasValue(0);
            assertThat(census.acknowledged()).isGreaterThan(0);
            assertThat(census.lost()).isZero();
            assertThat(census.duplicates()).isZero();
        } finally {
            service.stop();
        }
    }

    /** The restart counter as scraped, or -1 while the scrape fails. */
    private static double restarts(ManagementProbe probe) {
        try {
            return probe.sum("storage_embedded_database_restarts_total");
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static long postmasterPid(EmbeddedDatabase pg) throws Exception {
        return Long.parseLong(Files.readAllLines(pg.dataDirectory().resolve("postmaster.pid")).get(0).strip());
    }
}
