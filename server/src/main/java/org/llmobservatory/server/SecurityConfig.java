package org.llmobservatory.server;

import java.util.Map;
import org.llmobservatory.server.genai.Redaction;
import org.llmobservatory.server.limits.RateLimit;
import org.llmobservatory.storage.health.DetailsVisibility;

/**
 * The protections around the servers, beyond API keys (which live in the database).
 *
 * @param rateLimit requests per second and burst per principal ({@code OBSERVATORY_RATE_LIMIT},
 *                  {@code OBSERVATORY_RATE_BURST})
 * @param healthDetails who sees the details of {@code /health} ({@code OBSERVATORY_HEALTH_DETAILS})
 * @param redaction     what is removed from content before storage ({@code OBSERVATORY_REDACT},
 *                      {@code OBSERVATORY_REDACT_PATTERNS})
 */
public record SecurityConfig(RateLimit rateLimit, DetailsVisibility healthDetails, Redaction redaction) {

    /** The documented defaults: no rate limit, health details for everyone, content stored as sent. */
    public static SecurityConfig defaults() {
        return new SecurityConfig(RateLimit.off(), DetailsVisibility.ALWAYS, Redaction.off());
    }

    /**
     * Reads the {@code OBSERVATORY_*} variables of this record, defaults for unset ones.
     *
     * @throws IllegalArgumentException naming the variable and the accepted values when one is wrong
     */
    public static SecurityConfig fromEnvironment(Map<String, String> env) {
        return new SecurityConfig(RateLimit.fromEnvironment(env),
                DetailsVisibility.parse(env.get(DetailsVisibility.VARIABLE)), Redaction.fromEnvironment(env));
    }

    public SecurityConfig withRateLimit(RateLimit value) {
        return new SecurityConfig(value, healthDetails, redaction);
    }

    public SecurityConfig withHealthDetails(DetailsVisibility value) {
        return new SecurityConfig(rateLimit, value, redaction);
    }

    public SecurityConfig withRedaction(Redaction value) {
        return new SecurityConfig(rateLimit, healthDetails, value);
    }
}
