package org.llmobservatory.storage.http;

import io.javalin.http.Context;
import io.javalin.http.Header;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code /metrics}: the registry in OpenMetrics when the scraper asks for it (Prometheus does), in the
 * Prometheus text format otherwise (curl, older scrapers, {@code promtool check metrics}).
 *
 * <p>The text is produced on one platform thread of its own, not on the request's virtual thread. The
 * Prometheus client writes each scrape through a new {@code BufferedWriter}, and the JDK gives one made
 * on a virtual thread a 512-character buffer that grows by only the few characters of each write: a
 * 145 kB scrape then copies its buffer some 800 times (about 14 MB of garbage) and takes three times as
 * long as on a platform thread, whose writer starts at the full 8,192 characters.
 */
final class MetricsEndpoint implements AutoCloseable {

    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final ExecutorService scraper;

    MetricsEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
        this.scraper = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "metrics-scrape");
            thread.setDaemon(true);
            return thread;
        });
    }

    void handle(Context ctx) throws InterruptedException {
        String type = contentType(ctx.header(Header.ACCEPT));
        ctx.header(Header.CACHE_CONTROL, "no-store").contentType(type).result(scrape(type));
    }

    /** The registry's exposition in {@code type}, written on the scrape thread. */
    String scrape(String type) throws InterruptedException {
        try {
            return scraper.submit(() -> registry.scrape(type)).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException("scrape failed", cause);
        }
    }

    static String contentType(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text")
                ? OPENMETRICS : TEXT;
    }

    @Override
    public void close() {
        scraper.shutdownNow();
    }
}
