package org.llmobservatory.storage.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Header;
import java.util.LinkedHashMap;
import java.util.Map;
import org.llmobservatory.storage.health.Details;
import org.llmobservatory.storage.health.Health;
import org.llmobservatory.storage.health.HealthCheck;
import org.llmobservatory.storage.health.HealthStatus;
import org.llmobservatory.storage.health.Readiness;
import org.llmobservatory.storage.health.ReadinessCheck;

/** The JSON answers of {@code /health}, {@code /health/live} and {@code /health/ready}. */
final class ProbeResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HealthCheck health;
    private final ReadinessCheck readiness;
    private final DetailsPolicy details;

    ProbeResponses(HealthCheck health, ReadinessCheck readiness, DetailsPolicy details) {
        this.health = health;
        this.readiness = readiness;
        this.details = details;
    }

    void health(Context ctx) throws JsonProcessingException {
        Health result = health.check();
        respond(ctx, result.httpStatus(), details.shown(ctx) ? result : Map.of("status", result.status()));
    }

    /** The process answering is the whole check: nothing external may restart a healthy process. */
    void live(Context ctx) throws JsonProcessingException {
        respond(ctx, 200, Map.of("status", HealthStatus.UP));
    }

    void ready(Context ctx) throws JsonProcessingException {
        Readiness result = readiness.check();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", result.ready() ? HealthStatus.UP : HealthStatus.DOWN);
        if (!details.shown(ctx)) {
            respond(ctx, result.ready() ? 200 : 503, body);
            return;
        }
        if (!result.ready()) {
            body.put("failed", result.failed());
        }
        Map<String, Object> checks = new LinkedHashMap<>();
        result.checks().forEach((name, check) -> checks.put(name, Details.of(
                "status", check.up() ? HealthStatus.UP : HealthStatus.DOWN,
                "detail", check.detail(),
                "latencyMs", check.latencyMs())));
        body.put("checks", checks);
        respond(ctx, result.ready() ? 200 : 503, body);
    }

    private static void respond(Context ctx, int status, Object body) throws JsonProcessingException {
        ctx.status(status)
                .header(Header.CACHE_CONTROL, "no-store")
                .contentType("application/json")
                .result(JSON.writeValueAsString(body));
    }
}
