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

    public ApiSettings {
        if (cacheTtl == null || cacheTtl.toMillis() < 1) {
            throw new IllegalArgumentException("cacheTtl must be at least 1 ms, got " + cacheTtl);
        }
    }
}
