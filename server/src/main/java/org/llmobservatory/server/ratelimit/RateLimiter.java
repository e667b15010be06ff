package org.llmobservatory.server.ratelimit;

import io.lettuce.core.RedisException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.llmobservatory.storage.auth.Principal;
import org.llmobservatory.storage.cache.RedisConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits or refuses requests per principal (project and key, the anonymous principal included) with a
 * token bucket kept in Redis when it is there, and in this process while Redis is disabled or down.
 */
public final class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    private final RateLimit limit;
    private final Optional<RedisConnection> redis;
    private final RedisBuckets shared;
    private final LocalBuckets local;
    private volatile boolean fallingBack;
    /** When the fallback began (System.nanoTime): only a call started after it may end it. */
    private volatile long fallbackSince;

    public RateLimiter(RateLimit limit, Optional<RedisConnection> redis) {
        this.limit = limit;
        this.redis = redis;
        this.shared = new RedisBuckets(limit, sha1(RedisBuckets.SCRIPT));
        this.local = new LocalBuckets(limit, System::nanoTime);
    }

    /** Admits everything. */
    public static RateLimiter unlimited() {
        return new RateLimiter(RateLimit.off(), Optional.empty());
    }

    public RateLimit limit() {
        return limit;
    }

    /** Takes one token from the principal's bucket, or says how long until one is there. */
    public Admission acquire(Principal principal) {
        if (!limit.enabled()) {
            return Admission.ALLOWED;
        }
        String name = principal.projectId() + ":" + (principal.anonymousAccess() ? "anonymous" : principal.keyId());
        var connection = redis.flatMap(RedisConnection::connection);
        if (connection.isPresent()) {
            long started = System.nanoTime();
            try {
                Admission admission = shared.acquire(connection.get(), name);
                // A call answered just before Redis died may return after the fallback began: it says
                // nothing about Redis being back.
                if (fallingBack && started - fallbackSince > 0) {
                    fallingBack = false;
                    log.info("rate limits are kept in Redis again");
                }
                return admission;
            } catch (RuntimeException e) {
                // Whatever Redis or its client does, a request is never failed for it: the local buckets
                // take over. Lettuce's own failures are RedisExceptions; anything else is logged in full.
                if (!(e instanceof RedisException)) {
                    log.warn("unexpected failure of the Redis rate limit", e);
                }
                noteFallback(e.getMessage());
            }
        } else if (redis.isPresent()) {
            noteFallback("not reachable");
        }
        return local.acquire(name);
    }

    private void noteFallback(String why) {
        if (!fallingBack) {
            fallbackSince = System.nanoTime();
            fallingBack = true;
            log.warn("Redis unavailable for rate limits ({}); limiting per instance until it is back", why);
        }
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JVM", e);
        }
    }
}
