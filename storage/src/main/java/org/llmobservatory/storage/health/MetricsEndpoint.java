package org.llmobservatory.storage.health;

import io.javalin.http.Context;
import io.javalin.http.Header;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;

/**
 * {@code /metrics}: the registry in OpenMetrics when the scraper asks for it (Prometheus does), in the
 * Prometheus text format otherwise (curl, older scrapers, {@code promtool check metrics}).
 */
final class MetricsEndpoint {

    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    void handle(Context ctx) {
        String type = contentType(ctx.header(Header.ACCEPT));
        ctx.header(Header.CACHE_CONTROL, "no-store").contentType(type).result(registry.scrape(type));
    }

    static String contentType(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text")
                ? OPENMETRICS : TEXT;
    }
}
