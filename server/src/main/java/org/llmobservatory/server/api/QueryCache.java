package org.llmobservatory.server.api;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.llmobservatory.storage.cache.RedisConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps aggregate answers in Redis for a short time. The key is a hash of the query's canonical JSON,
 * which holds the project, so two projects never share an entry. Redis is only a cache: when it is not
 * configured, down or slow the answer is computed from PostgreSQL ({@link Status#BYPASS}), never
 * refused.
 */
final class QueryCache {

    /** How an answer was found; sent as the {@code X-Cache} header. */
    enum Status {
        HIT, MISS, BYPASS;

        String header() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** An answer body and where it came from. */
    record Answer(String body, Status status) {
    }

    static final String KEY_PREFIX = "observatory:api:v1:";

    private static final Logger log = LoggerFactory.getLogger(QueryCache.class);
    // Longer than a healthy Redis ever takes, short enough that a hung one costs a request little.
    private static final Duration READ_TIMEOUT = Duration.ofMillis(250);

    private final Optional<RedisConnection> redis;
    private final Duration ttl;
    private final Json canonical = Json.canonical();

    QueryCache(Optional<RedisConnection> redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    /** The cached answer to {@code query} of {@code kind}, or {@code compute}'s, stored for next time. */
    Answer answer(String kind, Object query, Supplier<String> compute) {
        Optional<StatefulRedisConnection<String, String>> connection = connection();
        if (connection.isEmpty()) {
            return new Answer(compute.get(), Status.BYPASS);
        }
        String key = key(kind, query);
        String cached;
        try {
            cached = connection.get().async().get(key).get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(compute.get(), Status.BYPASS);
        } catch (Exception e) {
            log.debug("cache read failed, answering from PostgreSQL: {}", e.toString());
            return new Answer(compute.get(), Status.BYPASS);
        }
        if (cached != null) {
            return new Answer(cached, Status.HIT);
        }
        String body = compute.get();
        store(connection.get(), key, body);
        return new Answer(body, Status.MISS);
    }

    String key(String kind, Object query) {
        String text = kind + "\n" + canonical.write(query);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return KEY_PREFIX + kind + ":" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private Optional<StatefulRedisConnection<String, String>> connection() {
        try {
            return redis.flatMap(RedisConnection::connection);
        } catch (RuntimeException e) {
            log.debug("no Redis connection: {}", e.toString());
            return Optional.empty();
        }
    }

    private void store(StatefulRedisConnection<String, String> connection, String key, String body) {
        try {
            // Not awaited: commands on one connection run in order, so a later read still sees it.
            connection.async().set(key, body, SetArgs.Builder.px(ttl.toMillis())).whenComplete((ok, e) -> {
                if (e != null) {
                    log.debug("cache write failed: {}", e.toString());
                }
            });
        } catch (RuntimeException e) {
            log.debug("cache write failed: {}", e.toString());
        }
    }
}
