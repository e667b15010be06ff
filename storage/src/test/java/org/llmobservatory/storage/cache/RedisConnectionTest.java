package org.llmobservatory.storage.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.embedded.EmbeddedCache;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.TestServers;

class RedisConnectionTest {

    @Test
    void a_lost_redis_fails_fast_and_is_used_again_once_back() {
        try (EmbeddedCache cache = EmbeddedCache.start(0, TestServers.work().resolve("redis-flap"));
                RedisConnection redis = RedisConnection.open(cache.url(), Duration.ofSeconds(1), null)) {
            redis.connection().orElseThrow().sync().set("answer", "42");
            assertThat(redis.ping()).isPositive();

            cache.stop();
            long started = System.nanoTime();
            assertThatThrownBy(() -> redis.connection().orElseThrow().sync().get("answer"))
                    .isInstanceOf(RedisException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

            cache.restart();
            Eventually.await(Duration.ofSeconds(30), "Redis answering again", () -> {
                try {
                    return redis.ping() != null;
                } catch (RedisException e) {
                    return false;
                }
            });
        }
    }

    @Test
    void redis_down_at_start_is_no_reason_to_fail() {
        EmbeddedCache cache = EmbeddedCache.start(0, TestServers.work().resolve("redis-late"));
        String url = cache.url();
        cache.stop();
        try (RedisConnection redis = RedisConnection.open(url, Duration.ofMillis(500), null)) {
            assertThat(redis.connection()).isEmpty();
            assertThatThrownBy(redis::ping).isInstanceOf(RedisException.class).hasMessageContaining("not reachable");
            cache.restart();
            Eventually.await(Duration.ofSeconds(30), "first connection", () -> redis.connection().isPresent());
        } finally {
            cache.stop();
        }
    }
}
