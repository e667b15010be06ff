package org.llmobservatory.server.api;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Times every request as {@code http.server.requests} (Micrometer's convention), tagged by method,
 * route template (never the raw path, so the label set stays bounded), status and outcome. Requests
 * that matched no route are tagged {@value #UNMATCHED}.
 */
final class RequestMetrics {

    static final String ROUTE_ATTRIBUTE = "observatory.route";
    static final String UNMATCHED = "NOT_FOUND";
    static final String NAME = "http.server.requests";

    private final MeterRegistry registry;

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(Context ctx, Float executionMs) {
        String route = ctx.attribute(ROUTE_ATTRIBUTE);
        int status = ctx.statusCode();
        Timer.builder(NAME)
                .description("Query API requests by route template, status and outcome")
                .tag("server", "api")
                .tag("method", ctx.method().name())
                .tag("uri", route == null ? UNMATCHED : route)
                .tag("status", Integer.toString(status))
                .tag("outcome", outcome(status))
                .register(registry)
                .record(Duration.ofNanos((long) (executionMs * 1_000_000.0)));
    }

    private static String outcome(int status) {
        if (status >= 500) {
            return "SERVER_ERROR";
        }
        if (status >= 400) {
            return "CLIENT_ERROR";
        }
        if (status >= 300) {
            return "REDIRECTION";
        }
        return status >= 200 ? "SUCCESS" : "INFORMATIONAL";
    }
}
