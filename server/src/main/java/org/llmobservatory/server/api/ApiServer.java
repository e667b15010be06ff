package org.llmobservatory.server.api;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.llmobservatory.server.ratelimit.Admission;
import org.llmobservatory.server.ratelimit.RateLimiter;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.auth.ApiKeys;
import org.llmobservatory.storage.auth.Principal;
import org.llmobservatory.storage.http.HttpServerMetrics;
import org.llmobservatory.storage.http.WebServer;
import org.llmobservatory.storage.replica.ReadRouting;

/**
 * The query API over HTTP (Javalin on virtual threads): traces, spans, logs, metric series and usage
 * under {@code /api/v1}, JSON answers, RFC 9457 problems for every error, API keys when any exist,
 * and aggregate answers cached in Redis when it is there. The web UI is served beside it at {@code /}
 * ({@link UiAssets}).
 */
public final class ApiServer implements AutoCloseable {

    /** The answer's header naming the server its reads went to: {@code replica} or {@code primary}. */
    static final String READ_FROM_HEADER = "X-Read-From";

    private final WebServer server;
    private final List<ApiRoute> routes;

    private ApiServer(WebServer server, List<ApiRoute> routes) {
        this.server = server;
        this.routes = routes;
    }

    /**
     * Starts listening on the settings' address and port.
     *
     * @param keys   the API keys requests are checked against
     * @param meters where request metrics by route template go, or null to record none
     * @throws IllegalStateException naming the address when it cannot be bound
     */
    public static ApiServer start(ApiSettings settings, Storage storage, ApiKeys keys, MeterRegistry meters) {
        return start(settings, storage, keys, RateLimiter.unlimited(), meters, Clock.systemUTC());
    }

    /** As {@link #start(ApiSettings, Storage, ApiKeys, MeterRegistry)}, answering 429 to principals over {@code limiter}. */
    public static ApiServer start(ApiSettings settings, Storage storage, ApiKeys keys, RateLimiter limiter,
            MeterRegistry meters) {
        return start(settings, storage, keys, limiter, meters, Clock.systemUTC());
    }

    static ApiServer start(ApiSettings settings, Storage storage, ApiKeys keys, MeterRegistry meters, Clock clock) {
        return start(settings, storage, keys, RateLimiter.unlimited(), meters, clock);
    }

    static ApiServer start(ApiSettings settings, Storage storage, ApiKeys keys, RateLimiter limiter,
            MeterRegistry meters, Clock clock) {
        List<ApiRoute> routes = ApiRoutes.of(storage, settings.cacheTtl(), clock);
        Authentication authentication = new Authentication(keys);
        ProblemResponses problems = new ProblemResponses(Json.responses());
        WebServer server = WebServer.start("the query API", settings.bindAddress(), settings.port(), config -> {
            // A known path asked with another method is a 405 naming the method it takes, not a 404.
            config.http.prefer405over404 = true;
            for (ApiRoute route : routes) {
                config.routes.get(route.path(), ctx -> handle(route, authentication, limiter, storage.reads(), ctx));
            }
            problems.register(config.routes);
            UiAssets.register(config);
            if (meters != null) {
                HttpServerMetrics.install(config, meters);
            }
        });
        return new ApiServer(server, routes);
    }

    private static void handle(ApiRoute route, Authentication authentication, RateLimiter limiter, ReadRouting reads,
            Context ctx) throws Exception {
        // Who asks comes first, so that a request without a key learns nothing from parameter errors.
        Principal principal = route.authenticated() ? authentication.authenticate(ctx) : null;
        if (principal != null) {
            Admission admission = limiter.acquire(principal);
            if (!admission.allowed()) {
                throw ApiProblem.rateLimited(admission.retryAfterSeconds());
            }
        }
        route.handler().handle(ctx, new Params(ctx.queryParamMap(), route.parameters()), principal);
        // Where reads go once this request's have run: "primary" when the read replica was down or lagging.
        ctx.header(READ_FROM_HEADER, reads.readsFrom().label());
    }

    /** The port actually bound. */
    public int port() {
        return server.port();
    }

    /** Base URL of this server, such as {@code http://127.0.0.1:8080}. */
    public String url() {
        return server.url();
    }

    /** The route table this server was built from. */
    List<ApiRoute> routes() {
        return routes;
    }

    /**
     * Every API route Javalin has registered, as {@code "GET /api/v1/traces"}; for the OpenAPI coverage test. The
     * UI's page and its before-handler are not part of the API.
     */
    List<String> registeredRoutes() {
        return server.javalin().unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(e -> e.method.isHttpMethod() && e.path.startsWith(ApiRoutes.BASE))
                .map(e -> e.method.name() + " " + e.path)
                .toList();
    }

    @Override
    public void close() {
        server.close();
    }
}
