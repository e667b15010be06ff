package org.llmobservatory.server.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.Http;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/**
 * A database too slow to answer: the spans table is locked by another session, so every statement on it
 * waits. With four connections and a 1.5 s statement timeout, a storm of 48 concurrent queries gets
 * answered within the pool wait plus the statement timeout, each with a 503 and Retry-After that says
 * which limit was hit, while the lock is still held; the service's threads do not pile up, liveness
 * stays 200, ingest waits and loses nothing, and queries answer 200 again once the lock is gone.
 */
class SlowDatabaseTest {

    private static final int POOL_SIZE = 4;
    private static final Duration STATEMENT_TIMEOUT = Duration.ofMillis(1_500);
    /** HikariCP's connection wait, fixed by the storage pool. */
    private static final Duration POOL_WAIT = Duration.ofSeconds(5);
    /** The slowest acceptable answer: a full pool wait, then a full statement timeout, plus a loaded machine. */
    private static final Duration BOUND = POOL_WAIT.plus(STATEMENT_TIMEOUT).plusSeconds(8);
    private static final int QUERIES = 48;
    /** Platform threads a request storm may add (GC, JIT, pool housekeeping); 48 blocked requests must not. */
    private static final int THREAD_GROWTH = 16;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void queries_against_a_locked_table_get_bounded_503s_without_thread_pile_up_and_ingest_loses_nothing()
            throws Exception {
        TestDatabase db = TestServers.freshDatabase();
        try (ServiceProcess service = ServiceProcess.start(db, TestServers.work().resolve("slow-database"), Map.of(
                "OBSERVATORY_POOL_SIZE", Integer.toString(POOL_SIZE),
                "OBSERVATORY_QUERY_TIMEOUT_MS", Long.toString(STATEMENT_TIMEOUT.toMillis())))) {
            ManagementProbe probe = new ManagementProbe(service.managementUrl());
            URI otlp = URI.create("http://127.0.0.1:" + service.otlpHttpPort() + "/v1/traces");
            Ledger ledger = new Ledger();
            RetryingExporter exporter = new RetryingExporter(() -> otlp, ledger, 60);
            SpanRequests spans = new SpanRequests();
            assertThat(exporter.export(spans.next(100))).isTrue();
            assertThat(Http.get(service.apiUrl() + "/api/v1/traces").statusCode()).isEqualTo(200);
            int threadsBefore = service.threads();

            List<Answer> answers;
            AtomicInteger threadPeak = new AtomicInteger(threadsBefore);
            AtomicInteger livenessFailures = new AtomicInteger();
            List<Thread> ingest = new ArrayList<>();
            try (Connection locker = db.connect(); Statement st = locker.createStatement()) {
                locker.setAutoCommit(false);
                st.execute("LOCK TABLE spans IN ACCESS EXCLUSIVE MODE");
                long lockedAt = System.nanoTime();
                for (int i = 0; i < 2; i++) {
                    ingest.add(Thread.ofVirtual().start(() -> exporter.export(spans.next(100))));
                }
                List<CompletableFuture<Answer>> storm = storm(service.apiUrl());
                AtomicBoolean done = new AtomicBoolean();
                CompletableFuture.allOf(storm.toArray(CompletableFuture[]::new)).whenComplete((r, e) -> done.set(true));
                Eventually.await(BOUND.plusSeconds(10), "every query of the storm answered", () -> {
                    threadPeak.accumulateAndGet(threads(service), Math::max);
                    if (probe.status("/health/live") != 200) {
                        livenessFailures.incrementAndGet();
                    }
                    return done.get();
                });
                answers = storm.stream().map(CompletableFuture::join).toList();
                // Every answer came while the lock was still held: the timeouts, not the lock, ended them.
                assertThat(Duration.ofNanos(System.nanoTime() - lockedAt)).isLessThan(BOUND.plusSeconds(10));
                locker.rollback();
            }

            assertThat(answers).allSatisfy(a -> {
                assertThat(a.status).as(a.toString()).isEqualTo(503);
                assertThat(a.retryAfter).as(a.toString()).isTrue();
                assertThat(a.elapsed).as(a.toString()).isLessThan(BOUND);
            });
            assertThat(answers).extracting(a -> a.detail).anyMatch(d -> d.contains("(timeout)"))
                    .anyMatch(d -> d.contains("(pool_timeout)"));
            assertThat(threadPeak.get() - threadsBefore).as("threads added by the storm").isLessThanOrEqualTo(THREAD_GROWTH);
            assertThat(livenessFailures).hasValue(0);
            assertThat(probe.sum("storage_errors_total", "error_type", "timeout")).isPositive();
            assertThat(probe.sum("storage_errors_total", "error_type", "pool_timeout")).isPositive();

            Eventually.await(Duration.ofSeconds(30), "queries answered 200 again",
                    () -> new ManagementProbe(service.apiUrl()).status("/api/v1/traces") == 200);
            for (Thread t : ingest) {
                t.join(Duration.ofSeconds(60));
            }
            Eventually.await(Duration.ofSeconds(30), "acknowledged spans stored", () -> db.count(
                    "SELECT count(DISTINCT span_id) FROM spans") >= ledger.acknowledgedSpans.size());
            SpanCensus census = SpanCensus.take(db.jdbcUrl(), db.user(), db.password(), ledger.acknowledgedSpans);
            System.out.println("[fault] slow database: " + summary(answers) + "; threads " + threadsBefore
                    + " before, peak " + threadPeak + "; " + census + "; " + ledger);
            assertThat(ledger.acknowledged).hasValue(3);
            assertThat(ledger.unexpected).isEmpty();
            assertThat(census.lost()).isZero();
            assertThat(census.duplicates()).isZero();
            Eventually.await(Duration.ofSeconds(30), "threads back near where they were",
                    () -> threads(service) <= threadsBefore + THREAD_GROWTH / 2);
            assertThat(probe.status("/health/live")).isEqualTo(200);
        }
    }

    private static List<CompletableFuture<Answer>> storm(String apiUrl) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<Answer>> storm = new ArrayList<>();
        for (int i = 0; i < QUERIES; i++) {
            // Different limits: no two requests are the same query.
            String path = (i % 2 == 0 ? "/api/v1/traces?limit=" : "/api/v1/spans?limit=") + (i + 1);
            long sent = System.nanoTime();
            storm.add(http.sendAsync(HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(Duration.ofSeconds(60))
                    .build(), HttpResponse.BodyHandlers.ofString()).thenApply(r -> new Answer(path, r.statusCode(),
                    r.headers().firstValue("Retry-After").isPresent(), detail(r),
                    Duration.ofNanos(System.nanoTime() - sent))));
        }
        return storm;
    }

    private static String detail(HttpResponse<String> response) {
        try {
            JsonNode detail = Http.json(response).get("detail");
            return detail == null ? response.body() : detail.asText();
        } catch (RuntimeException e) {
            return response.body();
        }
    }

    /** The service's thread count; a service that is gone fails the test rather than counting as zero threads. */
    private static int threads(ServiceProcess service) {
        try {
            return service.threads();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot count the service's threads: is it still running?", e);
        }
    }

    private static String summary(List<Answer> answers) {
        long statementTimeouts = answers.stream().filter(a -> a.detail.contains("(timeout)")).count();
        long poolTimeouts = answers.stream().filter(a -> a.detail.contains("(pool_timeout)")).count();
        Duration slowest = answers.stream().map(a -> a.elapsed).max(Duration::compareTo).orElse(Duration.ZERO);
        return answers.size() + " queries: " + statementTimeouts + " cancelled by the statement timeout, " + poolTimeouts
                + " refused after the pool wait, slowest answer " + slowest.toMillis() + " ms";
    }

    private record Answer(String path, int status, boolean retryAfter, String detail, Duration elapsed) {
    }
}
