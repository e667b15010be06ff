package org.llmobservatory.server;

import java.util.Map;
import org.llmobservatory.server.limits.RateLimit;

/**
 * The protections around the servers, beyond API keys (which live in the database).
 *
 * @param rateLimit requests per second and burst per principal ({@code OBSERVATORY_RATE_LIMIT},
 *                  {@code OBSERVATORY_RATE_BURST})
 */
public record SecurityConfig(RateLimit rateLimit) {

    /** Everything off: no rate limit. */
    public static SecurityConfig defaults() {
        return new SecurityConfig(RateLimit.off());
    }

    /**
     * Reads the {@code OBSERVATORY_*} variables of this record, defaults for unset ones.
     *
     * @throws IllegalArgumentException naming the variable and the accepted values when one is wrong
     */
    public static SecurityConfig fromEnvironment(Map<String, String> env) {
        return new SecurityConfig(RateLimit.fromEnvironment(env));
    }

    public SecurityConfig withRateLimit(RateLimit value) {
        return new SecurityConfig(value);
    }
}
