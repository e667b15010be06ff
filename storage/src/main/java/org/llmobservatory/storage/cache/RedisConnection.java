package org.llmobservatory.storage.cache;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.Optional;
import org.llmobservatory.storage.config.DatabaseUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis connection (Lettuce) behind the query cache. Redis is only a cache, so it never blocks:
 * when it is down, {@link #connection()} is empty and commands fail fast instead of queueing, and a
 * new connection is tried at most once a second until it is back.
 */
public final class RedisConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisConnection.class);
    private static final long RECONNECT_GAP_NANOS = Duration.ofSeconds(1).toNanos();

    private final RedisClient client;
    private final ClientResources resources;
    private final String url;
    private StatefulRedisConnection<String, String> connection;
    private long lastAttemptNanos;
    private boolean everAttempted;

    private RedisConnection(RedisClient client, ClientResources resources, String url) {
        this.client = client;
        this.resources = resources;
        this.url = url;
    }

    /**
     * Prepares a client for {@code url} ({@code redis://} or {@code rediss://}) and tries a first
     * connection; {@code latency} records command latencies, or is null for none.
     */
    public static RedisConnection open(String url, Duration timeout, CommandLatencyRecorder latency) {
        ClientResources resources = latency == null
                ? DefaultClientResources.builder().commandLatencyRecorder(CommandLatencyRecorder.disabled()).build()
                : DefaultClientResources.builder().commandLatencyRecorder(latency).build();
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(timeout);
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .build());
        RedisConnection redis = new RedisConnection(client, resources, url);
        redis.connection();
        return redis;
    }

    /** The live connection, or empty while Redis cannot be reached. */
    public synchronized Optional<StatefulRedisConnection<String, String>> connection() {
        if (connection != null) {
            return Optional.of(connection);
        }
        long now = System.nanoTime();
        if (everAttempted && now - lastAttemptNanos < RECONNECT_GAP_NANOS) {
            return Optional.empty();
        }
        everAttempted = true;
        lastAttemptNanos = now;
        try {
            connection = client.connect();
            log.info("connected to Redis at {}", DatabaseUrl.redact(url));
            return Optional.of(connection);
        } catch (RedisException e) {
            log.warn("Redis at {} not reachable ({}); queries are served from PostgreSQL", DatabaseUrl.redact(url),
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** Round-trip time of a PING, or an exception saying why Redis did not answer. */
    public Duration ping() {
        long started = System.nanoTime();
        var c = connection().orElseThrow(() -> new RedisException("Redis at " + DatabaseUrl.redact(url)
                + " is not reachable"));
        c.sync().ping();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    public String url() {
        return DatabaseUrl.redact(url);
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown();
    }
}
