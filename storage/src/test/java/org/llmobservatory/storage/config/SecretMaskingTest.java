package org.llmobservatory.storage.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.pool.StoragePool;

/** Configuration values print without their passwords, so logging one never leaks a secret. */
class SecretMaskingTest {

    private static final String SECRET = "s3cr3t-Pa55";

    @Test
    void a_password_given_as_a_parameter_is_masked_in_the_pool_settings() {
        StoragePool.Settings pool = new StoragePool.Settings("jdbc:postgresql://db/obs?user=a&password=" + SECRET, "a",
                SECRET, 4, Duration.ofSeconds(1), Duration.ofSeconds(1), null);

        assertThat(pool.toString()).doesNotContain(SECRET);
    }

    @Test
    void redis_urls_with_and_without_a_user_are_redacted() {
        assertThat(DatabaseUrl.redact("redis://:" + SECRET + "@h:6379")).isEqualTo("redis://:****@h:6379");
        assertThat(DatabaseUrl.redact("rediss://default:" + SECRET + "@h:6379/0")).isEqualTo("rediss://default:****@h:6379/0");
    }
}
