package org.llmobservatory.server.api;

import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.Locale;
import org.llmobservatory.storage.auth.ApiKeys;
import org.llmobservatory.storage.auth.Principal;

/**
 * Finds who a request acts for from {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}.
 * While the service is open every request without a valid key acts for the default project; once keys are
 * required (the access mode), a request without a valid key is refused with 401. The project always comes from
 * the key, never from the request.
 */
final class Authentication {

    static final String API_KEY_HEADER = "X-API-Key";

    private final ApiKeys keys;

    Authentication(ApiKeys keys) {
        this.keys = keys;
    }

    Principal authenticate(Context ctx) {
        String token = token(ctx);
        try {
            return keys.authenticate(token).orElseThrow(() -> ApiProblem.unauthorized(token == null
                    ? "an API key is required: send Authorization: Bearer <key> or " + API_KEY_HEADER + ": <key>"
                    : "the API key is not valid: it is malformed, unknown or revoked"));
        } catch (SQLException e) {
            throw ApiProblem.unavailable("the API key could not be checked: the database is not reachable; retry in "
                    + ProblemResponses.RETRY_AFTER_SECONDS + " seconds");
        }
    }

    /** The token of the Bearer scheme, else of the X-API-Key header, else null. */
    static String token(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null && !authorization.isBlank()) {
            String value = authorization.strip();
            int space = value.indexOf(' ');
            if (space > 0 && value.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
                return value.substring(space + 1).strip();
            }
            // Another scheme (Basic, ...) carries no key of ours; an empty token is refused as invalid.
            return "";
        }
        String key = ctx.header(API_KEY_HEADER);
        return key == null || key.isBlank() ? null : key.strip();
    }
}
