package org.llmobservatory.storage.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.health.DetailsVisibility;
import org.llmobservatory.storage.health.HealthCheck;
import org.llmobservatory.storage.health.ReadinessCheck;
import org.llmobservatory.storage.http.HttpServerMetrics;
import org.llmobservatory.storage.http.WebServer;

/**
 * The operator's HTTP server for one {@link Storage} (Javalin on virtual threads):
 * <ul>
 *   <li>{@code /health}: every component ({@link HealthCheck}); 200 when {@code UP} or {@code DEGRADED}
 *       (only Redis down), 503 when {@code DOWN};</li>
 *   <li>{@code /health/live}: the process alone, always 200 while it answers;</li>
 *   <li>{@code /health/ready}: PostgreSQL, migrations and draining ({@link ReadinessCheck}); 503 naming
 *       the failed checks;</li>
 *   <li>{@code /metrics}: the registry in the Prometheus text format, or OpenMetrics when asked.</li>
 * </ul>
 * Requests are timed on the registry as {@code http_server_requests_seconds} by route template. Nothing is
 * shared between instances: several servers, each with its own storage and registry, run in one JVM.
 */
public final class HealthServer implements AutoCloseable {

    /** How long each check may take by default before it is reported down. */
    public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(2);

    /**
     * Where to listen, how to check, and who sees details.
     *
     * @param bindAddress  address to listen on, such as {@code 127.0.0.1} or {@code 0.0.0.0}
     * @param port         port to listen on; 0 picks a free one ({@link #port()} tells which)
     * @param checkTimeout deadline of each check; a check past it is reported down
     * @param draining     true once shutdown has begun, which makes {@code /health/ready} answer 503
     * @param details      who sees the components of {@code /health} and the checks of {@code /health/ready}
     * @param authorised   whether a request's API key (null when it sent none) is valid, for
     *                     {@link DetailsVisibility#WHEN_AUTHORISED}
     */
    public record Settings(String bindAddress, int port, Duration checkTimeout, BooleanSupplier draining,
            DetailsVisibility details, Predicate<String> authorised) {

        public Settings {
            if (bindAddress == null || bindAddress.isBlank()) {
                throw new IllegalArgumentException("bindAddress must not be empty");
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be from 0 to 65535, got " + port);
            }
            if (checkTimeout.isNegative() || checkTimeout.isZero()) {
                throw new IllegalArgumentException("checkTimeout must be positive, got " + checkTimeout);
            }
            Objects.requireNonNull(draining, "draining");
            Objects.requireNonNull(details, "details");
            Objects.requireNonNull(authorised, "authorised");
        }

        /** Listens on {@code bindAddress:port}, with the default check timeout, never draining, details for all. */
        public static Settings of(String bindAddress, int port) {
            return new Settings(bindAddress, port, DEFAULT_CHECK_TIMEOUT, () -> false, DetailsVisibility.ALWAYS,
                    token -> false);
        }

        public Settings withCheckTimeout(Duration value) {
            return new Settings(bindAddress, port, value, draining, details, authorised);
        }

        public Settings withDraining(BooleanSupplier value) {
            return new Settings(bindAddress, port, checkTimeout, value, details, authorised);
        }

        public Settings withDetails(DetailsVisibility visibility, Predicate<String> keyIsValid) {
            return new Settings(bindAddress, port, checkTimeout, draining, visibility, keyIsValid);
        }
    }

    private final WebServer server;
    private final MetricsEndpoint metrics;

    private HealthServer(WebServer server, MetricsEndpoint metrics) {
        this.server = server;
        this.metrics = metrics;
    }

    /**
     * Starts listening.
     *
     * @throws IllegalStateException naming the address when it cannot be bound
     */
    public static HealthServer start(Settings settings, Storage storage, PrometheusMeterRegistry registry) {
        ProbeResponses probes = new ProbeResponses(storage.healthCheck(settings.checkTimeout()),
                storage.readinessCheck(settings.draining(), settings.checkTimeout()),
                new DetailsPolicy(settings.details(), settings.authorised()));
        MetricsEndpoint metrics = new MetricsEndpoint(registry);
        WebServer server;
        try {
            server = WebServer.start("the health server", settings.bindAddress(), settings.port(), config -> {
                HttpServerMetrics.install(config, registry);
                config.routes.get("/health", probes::health);
                config.routes.get("/health/live", probes::live);
                config.routes.get("/health/ready", probes::ready);
                config.routes.get("/metrics", metrics::handle);
            });
        } catch (IllegalStateException e) {
            metrics.close();
            throw e;
        }
        return new HealthServer(server, metrics);
    }

    /** The port actually bound. */
    public int port() {
        return server.port();
    }

    /** Base URL of this server, such as {@code http://127.0.0.1:9090}. */
    public String url() {
        return server.url();
    }

    @Override
    public void close() {
        server.close();
        metrics.close();
    }
}
