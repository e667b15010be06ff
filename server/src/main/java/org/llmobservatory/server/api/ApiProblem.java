package org.llmobservatory.server.api;

import java.util.Map;

/** A request the API answers with a problem other than a bad argument: not found, unauthorised, unavailable. */
final class ApiProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    static final String NOT_FOUND = "urn:llmobservatory:problem:not-found";
    static final String UNAUTHORIZED = "urn:llmobservatory:problem:unauthorized";
    static final String UNAVAILABLE = "urn:llmobservatory:problem:storage-unavailable";
    static final String RATE_LIMITED = "urn:llmobservatory:problem:rate-limited";

    private final int status;
    private final String type;
    private final String title;
    private final transient Map<String, String> headers;

    private ApiProblem(int status, String type, String title, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.headers = Map.copyOf(headers);
    }

    static ApiProblem notFound(String detail) {
        return new ApiProblem(404, NOT_FOUND, "Not found", detail, Map.of());
    }

    /** A 401 that tells the client which scheme to use. */
    static ApiProblem unauthorized(String detail) {
        return new ApiProblem(401, UNAUTHORIZED, "Unauthorized", detail, Map.of("WWW-Authenticate", "Bearer"));
    }

    /** A 503 that tells the client when to try again. */
    static ApiProblem unavailable(String detail) {
        return new ApiProblem(503, UNAVAILABLE, "Storage unavailable", detail,
                Map.of("Retry-After", ProblemResponses.RETRY_AFTER_SECONDS));
    }

    /** A 429 that tells the client when its key may ask again. */
    static ApiProblem rateLimited(int retryAfterSeconds) {
        return new ApiProblem(429, RATE_LIMITED, "Too many requests", "the rate limit of this API key is exceeded;"
                + " retry in " + retryAfterSeconds + " s", Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    String title() {
        return title;
    }

    Map<String, String> headers() {
        return headers;
    }
}
