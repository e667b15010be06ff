package org.llmobservatory.server.config;

import org.llmobservatory.server.ratelimit.RateLimit;
import org.llmobservatory.server.redaction.Redaction;
import org.llmobservatory.storage.auth.AccessPolicy;
import org.llmobservatory.storage.health.DetailsVisibility;

/**
 * The protections around the servers. API keys live in the database, and so does the access mode they decide;
 * {@code access} can require keys whatever that mode says.
 *
 * @param access        {@code keys} to require a key on every request from the start, or {@code auto} to follow the
 *                      stored mode ({@code OBSERVATORY_AUTH})
 * @param rateLimit requests per second and burst per principal ({@code OBSERVATORY_RATE_LIMIT},
 *                  {@code OBSERVATORY_RATE_BURST})
 * @param healthDetails who sees the details of {@code /health} ({@code OBSERVATORY_HEALTH_DETAILS})
 * @param redaction     what is removed from content before storage ({@code OBSERVATORY_REDACT},
 *                      {@code OBSERVATORY_REDACT_PATTERNS})
 */
public record SecurityConfig(AccessPolicy access, RateLimit rateLimit, DetailsVisibility healthDetails,
        Redaction redaction) {

    /**
     * The documented defaults: open until the first key is created, no rate limit, health details for everyone,
     * content stored as sent.
     */
    public static SecurityConfig defaults() {
        return new SecurityConfig(AccessPolicy.AUTO, RateLimit.off(), DetailsVisibility.ALWAYS, Redaction.off());
    }

    public SecurityConfig withRateLimit(RateLimit value) {
        return new SecurityConfig(access, value, healthDetails, redaction);
    }

    public SecurityConfig withHealthDetails(DetailsVisibility value) {
        return new SecurityConfig(access, rateLimit, value, redaction);
    }

    public SecurityConfig withRedaction(Redaction value) {
        return new SecurityConfig(access, rateLimit, healthDetails, value);
    }
}
