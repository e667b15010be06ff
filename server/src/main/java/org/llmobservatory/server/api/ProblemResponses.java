package org.llmobservatory.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.router.EndpointNotFound;
import org.llmobservatory.storage.error.ErrorType;
import org.llmobservatory.storage.query.StorageQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into an RFC 9457 problem: a bad argument is a 400 carrying its message, a
 * transient storage failure a 503 with {@code Retry-After}, anything else a 500 that names no SQL and
 * shows no stack trace (those go to the service log).
 */
final class ProblemResponses {

    static final String CONTENT_TYPE = "application/problem+json";
    static final String RETRY_AFTER_SECONDS = "5";

    static final String INVALID = "urn:llmobservatory:problem:invalid-request";
    static final String NO_ROUTE = "urn:llmobservatory:problem:no-such-route";
    static final String WRONG_METHOD = "urn:llmobservatory:problem:method-not-allowed";
    static final String QUERY_FAILED = "urn:llmobservatory:problem:query-failed";
    static final String INTERNAL = "urn:llmobservatory:problem:internal-error";

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    private final Json json;

    ProblemResponses(Json json) {
        this.json = json;
    }

    void register(RoutesConfig routes) {
        routes.exception(IllegalArgumentException.class, (e, ctx) ->
                write(ctx, new Problem(INVALID, "Invalid request", 400, e.getMessage(), ctx.path())));
        routes.exception(ApiProblem.class, this::apiProblem);
        routes.exception(StorageQueryException.class, this::storageFailure);
        routes.exception(HttpResponseException.class, this::httpResponse);
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            write(ctx, new Problem(INTERNAL, "Internal error", 500,
                    "the request failed inside the service; its log has the details", ctx.path()));
        });
    }

    private void apiProblem(ApiProblem e, Context ctx) {
        e.headers().forEach(ctx::header);
        write(ctx, new Problem(e.type(), e.title(), e.status(), e.getMessage(), ctx.path()));
    }

    private void storageFailure(StorageQueryException e, Context ctx) {
        ErrorType type = e.errorType();
        if (type.transientFailure()) {
            log.warn("{} {}: storage temporarily unavailable ({})", ctx.method(), ctx.path(), type.label(), e);
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            write(ctx, new Problem(ApiProblem.UNAVAILABLE, "Storage unavailable", 503,
                    unavailable(type) + "; retry in " + RETRY_AFTER_SECONDS + " seconds", ctx.path()));
        } else {
            log.error("{} {}: query failed ({})", ctx.method(), ctx.path(), type.label(), e);
            write(ctx, new Problem(QUERY_FAILED, "Query failed", 500,
                    "the query failed in the database (" + type.label() + "); the service log has the details",
                    ctx.path()));
        }
    }

    /** Why the database could not answer, in words a caller can act on. */
    private static String unavailable(ErrorType type) {
        return switch (type) {
            case POOL_TIMEOUT -> "every database connection stayed busy for the whole wait (pool_timeout)";
            case TIMEOUT -> "the query ran longer than the statement timeout and was cancelled (timeout); a narrower"
                    + " time range or more filters make it cheaper";
            default -> "the database could not answer (" + type.label() + ")";
        };
    }

    private void httpResponse(HttpResponseException e, Context ctx) {
        if (e instanceof EndpointNotFound) {
            write(ctx, new Problem(NO_ROUTE, "Not found", 404, "no route " + ctx.method() + " " + ctx.path()
                    + "; GET /api/v1/openapi.json lists the routes", ctx.path()));
            return;
        }
        if (e instanceof MethodNotAllowedResponse) {
            // Every route of this API reads; none takes another method.
            ctx.header("Allow", "GET");
            write(ctx, new Problem(WRONG_METHOD, "Method Not Allowed", 405, ctx.path() + " answers GET only, not "
                    + ctx.method(), ctx.path()));
            return;
        }
        // Javalin's own refusals; RFC 9457 wants the status phrase as the title of about:blank.
        write(ctx, new Problem("about:blank", HttpStatus.forStatus(e.getStatus()).getMessage(), e.getStatus(),
                e.getMessage(), ctx.path()));
    }

    private void write(Context ctx, Problem problem) {
        ctx.status(problem.status()).contentType(CONTENT_TYPE).result(json.write(problem));
    }
}
