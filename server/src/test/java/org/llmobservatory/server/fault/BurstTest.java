package org.llmobservatory.server.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/**
 * A burst far above what the service can commit, from clients that never pause: it answers every
 * request with 200 or 503, stays alive within a small heap, and stores everything it acknowledged.
 */
class BurstTest {

    /** 16 clients with 4 requests each in flight: 64,000 spans asked for at once, 13x the buffer. */
    private static final int CLIENTS = 16;
    private static final int IN_FLIGHT_PER_CLIENT = 4;
    private static final int SPANS_PER_REQUEST = 500;
    private static final Duration BURST = Duration.ofSeconds(10);
    private static final int BUFFER_CAPACITY = 5_000;
    /**
     * The service runs with a 256 MiB heap: its 5,000-span buffer holds about 10 MiB and 16 decoded
     * requests a few MiB more, so a service that bounds its memory has ample room, while one that
     * queued a 10 s burst (hundreds of thousands of spans) would run out of it.
     */
    private static final String HEAP = "256m";

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void a_burst_far_above_capacity_gets_200_or_503_within_bounded_memory_and_acknowledged_spans_are_stored()
            throws Exception {
        TestDatabase db = TestServers.freshDatabase();
        Path dir = TestServers.work().resolve("burst");
        Ledger ledger = new Ledger();
        AtomicLong heapPeak = new AtomicLong();
        AtomicLong bufferPeak = new AtomicLong();
        AtomicInteger livenessFailures = new AtomicInteger();
        try (ServiceProcess service = ServiceProcess.start(db, dir,
                Map.of("OBSERVATORY_BUFFER_CAPACITY", Integer.toString(BUFFER_CAPACITY)), HEAP)) {
            ManagementProbe probe = new ManagementProbe(service.managementUrl());
            URI endpoint = URI.create("http://127.0.0.1:" + service.otlpHttpPort() + "/v1/traces");
            AtomicBoolean blasting = new AtomicBoolean(true);
            SpanRequests requests = new SpanRequests();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS * IN_FLIGHT_PER_CLIENT; c++) {
                clients.add(Thread.ofVirtual().name("burst-client-" + c / IN_FLIGHT_PER_CLIENT + "-" + c)
                        .start(() -> blast(endpoint, requests, ledger, blasting)));
            }
            long started = System.nanoTime();
            Eventually.await(BURST.plusSeconds(20), BURST.toSeconds() + " s of burst", () -> {
                if (probe.status("/health/live") != 200) {
                    livenessFailures.incrementAndGet();
                }
                try {
                    heapPeak.accumulateAndGet((long) probe.sum("jvm_memory_used_bytes", "area", "heap"), Math::max);
                    bufferPeak.accumulateAndGet((long) probe.sum("storage_buffer_size", "writer_type", "trace"),
                            Math::max);
                } catch (IOException e) {
                    livenessFailures.incrementAndGet();
                }
                return System.nanoTime() - started >= BURST.toNanos();
            });
            blasting.set(false);
            for (Thread client : clients) {
                client.join(Duration.ofSeconds(60));
                assertThat(client.isAlive()).as(client.getName() + " finished").isFalse();
            }
            assertThat(probe.status("/health/live")).isEqualTo(200);
        }
        SpanCensus census = SpanCensus.take(db.jdbcUrl(), db.user(), db.password(), ledger.acknowledgedSpans);
        long answered = ledger.acknowledged.get() + ledger.refusedWithRetryAfter.get();
        System.out.printf("[fault] burst: %d requests answered, %d refused (%.1fx offered over stored), heap peak"
                + " %d MiB, buffer peak %d spans; %s; %s%n", answered, ledger.refusedWithRetryAfter.get(),
                (double) answered / Math.max(1, ledger.acknowledged.get()), heapPeak.get() >> 20, bufferPeak.get(),
                census, ledger);
        assertThat(ledger.unexpected).isEmpty();
        assertThat(ledger.connectionErrors).as("dropped connections").hasValue(0);
        assertThat(ledger.refusedWithRetryAfter.get()).as("refusals under the burst").isGreaterThan(0);
        assertThat(livenessFailures).hasValue(0);
        // What bounds the memory: the spans held never exceed the buffer, which filled up under the burst.
        // (The heap used is only printed: the JVM cannot report more than -Xmx, so it bounds nothing, and an
        // exhausted heap shows as the OutOfMemoryError below and as failed liveness probes.)
        assertThat(bufferPeak.get()).as("spans held at the peak").isPositive().isLessThanOrEqualTo(BUFFER_CAPACITY);
        assertThat(Files.readString(dir.resolve("service.log"))).doesNotContain("OutOfMemoryError");
        assertThat(census.acknowledged()).isGreaterThan(0);
        assertThat(census.lost()).isZero();
        assertThat(census.duplicates()).isZero();
    }

    /** Sends fresh requests back to back, never pausing after a refusal. */
    private static void blast(URI endpoint, SpanRequests requests, Ledger ledger, AtomicBoolean blasting) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        while (blasting.get()) {
            SpanRequests.ExportRequest request = requests.next(SPANS_PER_REQUEST);
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                        .timeout(Duration.ofSeconds(45)).header("Content-Type", "application/x-protobuf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request.body())).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    ledger.acknowledged(request.spanIds());
                } else if (response.statusCode() == 503 && response.headers().firstValue("Retry-After").isPresent()) {
                    ledger.refusedWithRetryAfter.incrementAndGet();
                } else {
                    ledger.unexpected.add(response.statusCode() + " " + response.body());
                }
            } catch (IOException e) {
                ledger.connectionErrors.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
