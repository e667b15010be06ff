package org.llmobservatory.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmobservatory.storage.auth.AccessPolicy;
import org.llmobservatory.storage.config.StorageConfig;

/** The storage and security settings as the service reads them from its environment. */
class EnvironmentTest {

    private static final String SECRET = "s3cr3t-Pa55";

    @TempDir
    Path dir;

    @Test
    void configuration_read_from_the_environment_prints_without_the_password() {
        StorageConfig config = new Environment(Map.of(
                "OBSERVATORY_DATABASE_URL", "postgres://app:" + SECRET + "@db.internal:5432/obs",
                "OBSERVATORY_REDIS_URL", "rediss://:" + SECRET + "@cache.internal:6380")).storage();

        assertThat(config.toString()).doesNotContain(SECRET).contains("****").contains("db.internal");
        assertThat(config.database().orElseThrow().toString()).doesNotContain(SECRET);
        assertThat(config.redis().toString()).doesNotContain(SECRET).contains("cache.internal");
    }

    @Test
    void a_password_given_separately_or_as_a_parameter_is_masked_too() {
        StorageConfig config = new Environment(Map.of(
                "OBSERVATORY_DATABASE_URL", "jdbc:postgresql://db:5432/obs?password=" + SECRET,
                "OBSERVATORY_DATABASE_PASSWORD", SECRET)).storage();

        assertThat(config.toString()).doesNotContain(SECRET);
    }

    @Test
    void the_tls_variables_are_read_and_a_root_certificate_alone_means_verify_full() throws Exception {
        Path cert = Files.writeString(dir.resolve("ca.pem"), "pem");

        assertThat(new Environment(Map.of("OBSERVATORY_DATABASE_SSLMODE", "Verify-CA",
                "OBSERVATORY_DATABASE_SSLROOTCERT", cert.toString())).storage().tls().properties())
                .containsEntry("sslmode", "verify-ca").containsEntry("sslrootcert", cert.toAbsolutePath().toString());
        assertThat(new Environment(Map.of("OBSERVATORY_DATABASE_SSLROOTCERT", cert.toString())).storage().tls()
                .properties()).containsEntry("sslmode", "verify-full");
    }

    @Test
    void wrong_values_are_refused_naming_the_variable() throws Exception {
        assertThatThrownBy(() -> new Environment(Map.of("OBSERVATORY_DATABASE_SSLMODE", "on")).storage())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OBSERVATORY_DATABASE_SSLMODE")
                .hasMessageContaining("verify-full");
        assertThatThrownBy(() -> new Environment(Map.of("OBSERVATORY_DATABASE_SSLROOTCERT",
                dir.resolve("missing.pem").toString())).storage()).hasMessageContaining("OBSERVATORY_DATABASE_SSLROOTCERT");
        Path cert = Files.writeString(dir.resolve("ca.pem"), "pem");
        assertThatThrownBy(() -> new Environment(Map.of("OBSERVATORY_DATABASE_SSLMODE", "disable",
                "OBSERVATORY_DATABASE_SSLROOTCERT", cert.toString())).storage()).hasMessageContaining("needs TLS");
    }

    @Test
    void the_policy_variable_accepts_auto_and_keys_and_explains_open() {
        assertThat(policy(Map.of())).isEqualTo(AccessPolicy.AUTO);
        assertThat(policy(Map.of("OBSERVATORY_AUTH", " Keys "))).isEqualTo(AccessPolicy.KEYS);
        assertThatThrownBy(() -> policy(Map.of("OBSERVATORY_AUTH", "open")))
                .hasMessageContaining("OBSERVATORY_AUTH must be auto or keys").hasMessageContaining("access open");
        assertThatThrownBy(() -> policy(Map.of("OBSERVATORY_AUTH", "yes"))).hasMessageContaining("OBSERVATORY_AUTH");
    }

    @Test
    void the_connect_timeout_is_a_setting_and_zero_means_one_attempt() {
        assertThat(new Environment(Map.of()).storage().connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(new Environment(Map.of("OBSERVATORY_CONNECT_TIMEOUT_MS", "0")).storage().connectTimeout())
                .isZero();
        assertThatThrownBy(() -> new Environment(Map.of("OBSERVATORY_CONNECT_TIMEOUT_MS", "-1")).storage())
                .hasMessage("OBSERVATORY_CONNECT_TIMEOUT_MS must be at least 0, got: -1");
    }

    private static AccessPolicy policy(Map<String, String> variables) {
        return new Environment(variables).security().access();
    }
}
