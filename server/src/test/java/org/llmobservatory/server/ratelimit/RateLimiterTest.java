package org.llmobservatory.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.config.Environment;
import org.llmobservatory.storage.auth.Principal;
import org.llmobservatory.storage.cache.RedisConnection;
import org.llmobservatory.storage.embedded.EmbeddedCache;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.TestServers;

/** Token buckets per principal, in Redis and in process, and what happens when Redis is not there. */
class RateLimiterTest {

    // So slow that no token comes back during a test: the burst is all a principal gets.
    private static final RateLimit THREE_THEN_WAIT = new RateLimit(0.01, 3);

    private static Principal key(String project) {
        return new Principal(project, UUID.randomUUID().toString().substring(0, 12));
    }

    @Test
    void without_redis_a_principal_gets_its_burst_then_a_refusal_with_the_wait_in_seconds() {
        RateLimiter limiter = new RateLimiter(THREE_THEN_WAIT, Optional.empty());
        Principal a = key("a");

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire(a).allowed()).isTrue();
        }
        Admission refused = limiter.acquire(a);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isBetween(1, 100);
        assertThat(limiter.acquire(key("a")).allowed()).as("another key of the same project").isTrue();
        assertThat(limiter.acquire(Principal.anonymous()).allowed()).as("the anonymous principal").isTrue();
    }

    @Test
    void the_anonymous_principal_is_limited_too() {
        RateLimiter limiter = new RateLimiter(new RateLimit(0.01, 1), Optional.empty());

        assertThat(limiter.acquire(Principal.anonymous()).allowed()).isTrue();
        assertThat(limiter.acquire(Principal.anonymous()).allowed()).isFalse();
    }

    @Test
    void tokens_come_back_at_the_configured_rate() {
        RateLimiter limiter = new RateLimiter(new RateLimit(20, 1), Optional.empty());
        Principal a = key("a");
        assertThat(limiter.acquire(a).allowed()).isTrue();
        assertThat(limiter.acquire(a).allowed()).isFalse();

        Eventually.await(Duration.ofSeconds(5), "a token after 50 ms", () -> limiter.acquire(a).allowed());
    }

    @Test
    void with_redis_instances_share_one_bucket_per_principal_and_idle_buckets_expire() {
        String url = TestServers.redis().url();
        try (RedisConnection one = RedisConnection.open(url, Duration.ofSeconds(2), null);
                RedisConnection two = RedisConnection.open(url, Duration.ofSeconds(2), null)) {
            RateLimiter first = new RateLimiter(THREE_THEN_WAIT, Optional.of(one));
            RateLimiter second = new RateLimiter(THREE_THEN_WAIT, Optional.of(two));
            Principal a = key("shared");

            assertThat(first.acquire(a).allowed()).isTrue();
            assertThat(second.acquire(a).allowed()).isTrue();
            assertThat(first.acquire(a).allowed()).isTrue();
            Admission refused = second.acquire(a);

            assertThat(refused.allowed()).isFalse();
            assertThat(refused.retryAfterSeconds()).isBetween(1, 100);
            long ttl = one.connection().orElseThrow().sync().pttl(RedisBuckets.KEY_PREFIX + "shared:" + a.keyId());
            assertThat(ttl).isBetween(1L, 301_000L);
        }
    }

    @Test
    void a_script_flushed_from_redis_is_loaded_again() {
        String url = TestServers.redis().url();
        try (RedisConnection redis = RedisConnection.open(url, Duration.ofSeconds(2), null)) {
            RateLimiter limiter = new RateLimiter(THREE_THEN_WAIT, Optional.of(redis));
            Principal a = key("flushed");
            assertThat(limiter.acquire(a).allowed()).isTrue();

            redis.connection().orElseThrow().sync().scriptFlush();

            assertThat(limiter.acquire(a).allowed()).isTrue();
            assertThat(limiter.acquire(a).allowed()).isTrue();
            assertThat(limiter.acquire(a).allowed()).isFalse();
        }
    }

    @Test
    void when_redis_is_down_limits_are_kept_in_process() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (RedisConnection down = RedisConnection.open("redis://127.0.0.1:" + closedPort,
                Duration.ofMillis(500), null)) {
            RateLimiter limiter = new RateLimiter(new RateLimit(0.01, 2), Optional.of(down));
            Principal a = key("down");

            assertThat(limiter.acquire(a).allowed()).isTrue();
            assertThat(limiter.acquire(a).allowed()).isTrue();
            assertThat(limiter.acquire(a).allowed()).isFalse();
        }
    }

    @Test
    void redis_stopped_and_started_again_limits_keep_answering_then_are_shared_again() throws Exception {
        try (EmbeddedCache cache = EmbeddedCache.start(0, Files.createTempDirectory(TestServers.work(), "redis"));
                RedisConnection redis = RedisConnection.open(cache.url(), Duration.ofMillis(500), null)) {
            RateLimiter limiter = new RateLimiter(new RateLimit(0.01, 1), Optional.of(redis));
            Principal a = key("flaky");
            assertThat(limiter.acquire(a).allowed()).isTrue();

            cache.stop();
            Principal b = key("flaky");
            assertThat(limiter.acquire(b).allowed()).as("in process while Redis is down").isTrue();
            assertThat(limiter.acquire(b).allowed()).isFalse();

            cache.restart();
            Eventually.await(Duration.ofSeconds(15), "the bucket back in Redis", () -> {
                Principal c = key("flaky");
                try {
                    return limiter.acquire(c).allowed() && redis.connection()
                            .map(conn -> conn.sync().exists(RedisBuckets.KEY_PREFIX + "flaky:" + c.keyId()) == 1)
                            .orElse(false);
                } catch (io.lettuce.core.RedisException e) {
                    return false; // still reconnecting
                }
            });
        }
    }

    @Test
    void the_variables_are_read_and_checked() {
        assertThat(new Environment(Map.of()).security().rateLimit().enabled()).isFalse();
        assertThat(new Environment(Map.of("OBSERVATORY_RATE_LIMIT", "2.5")).security().rateLimit())
                .isEqualTo(new RateLimit(2.5, 3));
        assertThat(new Environment(Map.of("OBSERVATORY_RATE_LIMIT", "10", "OBSERVATORY_RATE_BURST", "50")).security().rateLimit())
                .isEqualTo(new RateLimit(10, 50));
        assertThatThrownBy(() -> new Environment(Map.of("OBSERVATORY_RATE_LIMIT", "fast")).security().rateLimit())
                .hasMessageContaining("OBSERVATORY_RATE_LIMIT");
        assertThatThrownBy(() -> new Environment(Map.of("OBSERVATORY_RATE_LIMIT", "-1")).security().rateLimit())
                .hasMessageContaining("OBSERVATORY_RATE_LIMIT");
        assertThatThrownBy(() -> new Environment(Map.of("OBSERVATORY_RATE_LIMIT", "1",
                "OBSERVATORY_RATE_BURST", "0")).security().rateLimit()).hasMessageContaining("OBSERVATORY_RATE_BURST");
    }
}
