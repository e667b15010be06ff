package org.llmobservatory.server.fault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Sends export requests as an OTLP/HTTP exporter does: a 503 or a broken connection is retried, after
 * the {@code Retry-After} pause (capped to keep tests short), a bounded number of times.
 */
final class RetryingExporter {

    private static final Duration MAX_PAUSE = Duration.ofMillis(500);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Supplier<URI> endpoint;
    private final Ledger ledger;
    private final int maxAttempts;

    /** {@code endpoint} is asked before every attempt: a restarted service may listen on a new port. */
    RetryingExporter(Supplier<URI> endpoint, Ledger ledger, int maxAttempts) {
        this.endpoint = endpoint;
        this.ledger = ledger;
        this.maxAttempts = maxAttempts;
    }

    /** Sends until the request is acknowledged or the attempts run out; true when acknowledged. */
    boolean export(SpanRequests.ExportRequest request) {
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Duration pause = MAX_PAUSE;
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.get())
                        .timeout(Duration.ofSeconds(45)).header("Content-Type", "application/x-protobuf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request.body())).build(),
                        HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200) {
                    ledger.acknowledged(request.spanIds());
                    return true;
                }
                var retryAfter = response.headers().firstValue("Retry-After");
                if (status == 503 && retryAfter.isPresent()) {
                    ledger.refusedWithRetryAfter.incrementAndGet();
                    pause = min(Duration.ofSeconds(Long.parseLong(retryAfter.get())), MAX_PAUSE);
                } else {
                    ledger.unexpected.add(status + " " + retryAfter + " " + response.body());
                }
            } catch (IOException e) {
                ledger.connectionErrors.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            // An exporter's backoff between attempts, not a test waiting for a condition.
            LockSupport.parkNanos(pause.toNanos());
        }
        ledger.abandoned.incrementAndGet();
        return false;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }
}
