package org.llmobservatory.server.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.service.ObservatoryService;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/**
 * Stopping the service (what SIGTERM's shutdown hook does): readiness turns 503 first while liveness
 * stays 200, requests in flight finish with 200 and their spans are stored, and the process ends
 * within the drain timeout.
 */
class GracefulShutdownTest {

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    /** Thread, HTTP and database start-up on a busy two-core build machine, on top of the drain. */
    private static final Duration MARGIN = Duration.ofSeconds(10);
    private static final int REQUESTS = 8;
    private static final int SPANS_PER_REQUEST = 100;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void stop_turns_readiness_503_first_and_lets_requests_in_flight_finish_and_be_stored() throws Exception {
        TestDatabase db = TestServers.freshDatabase();
        // A long flush interval keeps the requests waiting for their commit when stop() begins.
        StorageConfig config = db.config().withWriter(db.config().writer().withBatchSize(10_000)
                .withBufferCapacity(20_000).withFlushInterval(Duration.ofSeconds(5)).withDrainTimeout(DRAIN_TIMEOUT));
        ObservatoryService service = ObservatoryService.start(ServerConfig.ephemeral(), config);
        try {
            stopWhileRequestsWait(service, db);
        } finally {
            service.stop();
        }
    }

    private static void stopWhileRequestsWait(ObservatoryService service, TestDatabase db) throws Exception {
        ManagementProbe probe = new ManagementProbe(service.managementUrl());
        URI endpoint = URI.create("http://127.0.0.1:" + service.ports().otlpHttp() + "/v1/traces");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        SpanRequests requests = new SpanRequests();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Integer>> inFlight = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            SpanRequests.ExportRequest request = requests.next(SPANS_PER_REQUEST);
            inFlight.add(http.sendAsync(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.body())).build(),
                    HttpResponse.BodyHandlers.discarding()).thenApply(response -> {
                        if (response.statusCode() == 200) {
                            acknowledged.addAll(request.spanIds());
                        }
                        return response.statusCode();
                    }));
        }
        Eventually.await(Duration.ofSeconds(4), "every request waiting for its commit",
                () -> service.storage().traces().buffered() == REQUESTS * SPANS_PER_REQUEST);
        assertThat(inFlight).noneMatch(CompletableFuture::isDone);

        long stopStarted;
        CompletableFuture<Void> stopping;
        // A lock on spans holds the buffered batch back, so stop() is still waiting for the requests in
        // flight while the probes are read: without it the flush could end the drain at any moment.
        try (Connection locker = db.connect(); Statement st = locker.createStatement()) {
            locker.setAutoCommit(false);
            st.execute("LOCK TABLE spans IN EXCLUSIVE MODE");
            stopStarted = System.nanoTime();
            stopping = CompletableFuture.runAsync(service::stop);
            Eventually.await(Duration.ofSeconds(5), "/health/ready 503 while stopping",
                    () -> probe.status("/health/ready") == 503);
            assertThat(probe.status("/health/live")).as("liveness while draining").isEqualTo(200);
            assertThat(inFlight).as("requests still waiting for their commit").noneMatch(CompletableFuture::isDone);
            assertThat(stopping).isNotDone();
            locker.rollback();
        }

        stopping.get(DRAIN_TIMEOUT.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
        Duration stopTook = Duration.ofNanos(System.nanoTime() - stopStarted);
        for (CompletableFuture<Integer> request : inFlight) {
            assertThat(request.get(5, TimeUnit.SECONDS)).isEqualTo(200);
        }
        SpanCensus census = SpanCensus.take(db.jdbcUrl(), db.user(), db.password(), acknowledged);
        System.out.println("[fault] stop(): " + census + " in flight, stop took " + stopTook.toMillis() + " ms");
        assertThat(census.acknowledged()).isEqualTo(REQUESTS * SPANS_PER_REQUEST);
        assertThat(census.lost()).isZero();
        assertThat(census.duplicates()).isZero();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void sigterm_under_ingest_exits_143_within_30_s_with_every_acknowledged_span_stored() throws Exception {
        TestDatabase db = TestServers.freshDatabase();
        Path dir = TestServers.work().resolve("sigterm");
        ServiceProcess service = ServiceProcess.start(db, dir, Map.of());
        Ledger ledger = new Ledger();
        RetryingExporter exporter = new RetryingExporter(
                () -> URI.create("http://127.0.0.1:" + service.otlpHttpPort() + "/v1/traces"), ledger, 2);
        int exit;
        long started;
        Duration took;
        try (ClientFleet fleet = new ClientFleet(4, 200, new SpanRequests(), exporter, ledger)) {
            Eventually.await(Duration.ofSeconds(30), "ingest under way", () -> ledger.acknowledged.get() >= 10);
            started = System.nanoTime();
            exit = service.terminate(Duration.ofSeconds(30));
            took = Duration.ofNanos(System.nanoTime() - started);
            fleet.stop(Duration.ofSeconds(30));
        } finally {
            service.close();
        }
        SpanCensus census = SpanCensus.take(db.jdbcUrl(), db.user(), db.password(), ledger.acknowledgedSpans);
        System.out.println("[fault] SIGTERM: exit " + exit + " after " + took.toMillis() + " ms; " + census + "; "
                + ledger);
        assertThat(exit).isEqualTo(143);
        assertThat(ledger.unexpected).isEmpty();
        assertThat(census.acknowledged()).isGreaterThan(0);
        assertThat(census.lost()).isZero();
        assertThat(census.duplicates()).isZero();
    }
}
