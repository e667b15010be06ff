package org.llmobservatory.storage.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code http_server_requests_seconds} for a Javalin server, tagged like Spring Boot's: {@code method},
 * {@code uri}, {@code status} and {@code outcome}. {@code uri} is the matched route template
 * ({@code /api/v1/traces/{traceId}}), never the raw path, and {@code NOT_FOUND} when no route matched,
 * so every label comes from a bounded set.
 */
public final class HttpServerMetrics {

    private static final String STARTED = HttpServerMetrics.class.getName() + ".started";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10)
    };

    private final MeterRegistry registry;

    private HttpServerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Times every request of the server being configured on {@code registry}. */
    public static void install(JavalinConfig config, MeterRegistry registry) {
        HttpServerMetrics metrics = new HttpServerMetrics(registry);
        config.routes.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
        config.routes.after(metrics::record);
    }

    private void record(Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started == null) {
            return;
        }
        int status = ctx.statusCode();
        Timer.builder("http.server.requests")
                .description("HTTP requests served, by route template, method and status")
                .tags("method", method(ctx), "uri", uri(ctx, status), "status", Integer.toString(status),
                        "outcome", outcome(status))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private static String method(Context ctx) {
        String method = ctx.method().name();
        return METHODS.contains(method) ? method : "OTHER";
    }

    private static String uri(Context ctx, int status) {
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        if (matched != null) {
            return matched.path;
        }
        return status == 404 ? "NOT_FOUND" : "UNKNOWN";
    }

    private static String outcome(int status) {
        return switch (status / 100) {
            case 1 -> "INFORMATIONAL";
            case 2 -> "SUCCESS";
            case 3 -> "REDIRECTION";
            case 4 -> "CLIENT_ERROR";
            case 5 -> "SERVER_ERROR";
            default -> "UNKNOWN";
        };
    }
}
