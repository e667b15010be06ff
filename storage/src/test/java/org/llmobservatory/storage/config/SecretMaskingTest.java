package org.llmobservatory.storage.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.pool.StoragePool;

/** Configuration values print without their passwords, so logging one never leaks a secret. */
class SecretMaskingTest {

    private static final String SECRET = "s3cr3t-Pa55";

    @Test
    void configuration_read_from_the_environment_prints_without_the_password() {
        StorageConfig config = StorageConfig.fromEnvironment(Map.of(
                "OBSERVATORY_DATABASE_URL", "postgres://app:" + SECRET + "@db.internal:5432/obs",
                "OBSERVATORY_REDIS_URL", "rediss://:" + SECRET + "@cache.internal:6380"));

        assertThat(config.toString()).doesNotContain(SECRET).contains("****").contains("db.internal");
        assertThat(config.database().orElseThrow().toString()).doesNotContain(SECRET);
        assertThat(config.redis().toString()).doesNotContain(SECRET).contains("cache.internal");
    }

    @Test
    void a_password_given_separately_or_as_a_parameter_is_masked_too() {
        StorageConfig config = StorageConfig.fromEnvironment(Map.of(
                "OBSERVATORY_DATABASE_URL", "jdbc:postgresql://db:5432/obs?password=" + SECRET,
                "OBSERVATORY_DATABASE_PASSWORD", SECRET));
        StoragePool.Settings pool = new StoragePool.Settings("jdbc:postgresql://db/obs?user=a&password=" + SECRET, "a",
                SECRET, 4, Duration.ofSeconds(1), Duration.ofSeconds(1), null);

        assertThat(config.toString()).doesNotContain(SECRET);
        assertThat(pool.toString()).doesNotContain(SECRET);
    }

    @Test
    void redis_urls_with_and_without_a_user_are_redacted() {
        assertThat(DatabaseUrl.redact("redis://:" + SECRET + "@h:6379")).isEqualTo("redis://:****@h:6379");
        assertThat(DatabaseUrl.redact("rediss://default:" + SECRET + "@h:6379/0")).isEqualTo("rediss://default:****@h:6379/0");
    }
}
