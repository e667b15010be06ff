package org.llmobservatory.server.management;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operator's HTTP server (Javalin on virtual threads): {@code /health/live} answers for the process
 * alone, {@code /health/ready} runs the {@link ReadinessCheck} and answers 503 naming what failed.
 */
public final class ManagementServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Javalin app;
    private final String bindAddress;

    private ManagementServer(Javalin app, String bindAddress) {
        this.app = app;
        this.bindAddress = bindAddress;
    }

    /**
     * Starts listening on {@code bindAddress:port} (a free port when 0).
     *
     * @throws IllegalStateException naming the address when it cannot be bound
     */
    public static ManagementServer start(String bindAddress, int port, ReadinessCheck readiness) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            config.jetty.host = bindAddress;
            config.jetty.port = port;
            config.routes.get("/health/live", ctx -> respond(ctx, 200, Map.of("status", "UP")));
            config.routes.get("/health/ready", ctx -> ready(ctx, readiness.check()));
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            app.stop();
            throw new IllegalStateException("could not start the management server on " + bindAddress + ":" + port
                    + ": " + rootMessage(e), e);
        }
        return new ManagementServer(app, bindAddress);
    }

    /** The port actually bound. */
    public int port() {
        return app.port();
    }

    /** Base URL of this server, such as {@code http://127.0.0.1:9090}. */
    public String url() {
        String host = bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
        return "http://" + host + ":" + port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private static void ready(Context ctx, Readiness readiness) throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", readiness.ready() ? "UP" : "DOWN");
        if (!readiness.ready()) {
            body.put("failed", readiness.failed());
        }
        Map<String, Object> checks = new LinkedHashMap<>();
        readiness.checks().forEach((name, check) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", check.up() ? "UP" : "DOWN");
            entry.put("detail", check.detail());
            entry.put("latencyMs", check.latencyMs());
            checks.put(name, entry);
        });
        body.put("checks", checks);
        respond(ctx, readiness.ready() ? 200 : 503, body);
    }

    private static void respond(Context ctx, int status, Object body) throws JsonProcessingException {
        ctx.status(status)
                .header("Cache-Control", "no-store")
                .contentType("application/json")
                .result(JSON.writeValueAsString(body));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
