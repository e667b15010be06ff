package org.llmobservatory.server.api;

import java.time.Duration;

/**
 * Where the query API listens and how long aggregate answers stay cached.
 *
 * @param bindAddress the address to bind ({@code OBSERVATORY_BIND_ADDRESS})
 * @param port        the port, 0 for a free one ({@code OBSERVATORY_API_PORT})
 * @param cacheTtl    how long a usage or series answer is served from Redis
 */
public record ApiSettings(String bindAddress, int port, Duration cacheTtl) {

    /** The default time an aggregate answer stays cached. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(30);

    public ApiSettings {
        if (cacheTtl == null || cacheTtl.toMillis() < 1) {
            throw new IllegalArgumentException("cacheTtl must be at least 1 ms, got " + cacheTtl);
        }
    }

    /** Listening on {@code bindAddress:port} with the default cache time. */
    public static ApiSettings of(String bindAddress, int port) {
        return new ApiSettings(bindAddress, port, DEFAULT_CACHE_TTL);
    }
}
