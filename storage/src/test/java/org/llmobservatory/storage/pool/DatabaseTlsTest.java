package org.llmobservatory.storage.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmobservatory.storage.config.DatabaseTls;
import org.llmobservatory.storage.config.StorageConfig;

/** OBSERVATORY_DATABASE_SSLMODE and _SSLROOTCERT reach pgjdbc as properties of the pool. */
class DatabaseTlsTest {

    @TempDir
    Path dir;

    private static final String URL = "jdbc:postgresql://db.internal:5432/obs";

    @Test
    void the_pool_gets_sslmode_and_the_root_certificate() throws Exception {
        Path cert = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        StorageConfig config = StorageConfig.fromEnvironment(Map.of("OBSERVATORY_DATABASE_URL", URL,
                "OBSERVATORY_DATABASE_SSLMODE", "Verify-CA", "OBSERVATORY_DATABASE_SSLROOTCERT", cert.toString()));

        var hikari = StoragePool.hikariConfig(settings().withProperties(config.tls().properties()));

        assertThat(hikari.getDataSourceProperties()).containsEntry("sslmode", "verify-ca")
                .containsEntry("sslrootcert", cert.toAbsolutePath().toString())
                .containsEntry("ApplicationName", "llm-observatory");
    }

    @Test
    void a_root_certificate_alone_means_verify_full_and_nothing_set_leaves_pgjdbc_defaults() throws Exception {
        Path cert = Files.writeString(dir.resolve("ca.pem"), "pem");

        assertThat(DatabaseTls.fromEnvironment(Map.of("OBSERVATORY_DATABASE_SSLROOTCERT", cert.toString()))
                .properties()).containsEntry("sslmode", "verify-full");
        assertThat(StoragePool.hikariConfig(settings().withProperties(DatabaseTls.DEFAULTS.properties()))
                .getDataSourceProperties()).doesNotContainKeys("sslmode", "sslrootcert");
    }

    @Test
    void wrong_values_are_refused_naming_the_variable() throws Exception {
        assertThatThrownBy(() -> StorageConfig.fromEnvironment(Map.of("OBSERVATORY_DATABASE_SSLMODE", "on")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OBSERVATORY_DATABASE_SSLMODE")
                .hasMessageContaining("verify-full");
        assertThatThrownBy(() -> DatabaseTls.fromEnvironment(Map.of("OBSERVATORY_DATABASE_SSLROOTCERT",
                dir.resolve("missing.pem").toString()))).hasMessageContaining("OBSERVATORY_DATABASE_SSLROOTCERT");
        Path cert = Files.writeString(dir.resolve("ca.pem"), "pem");
        assertThatThrownBy(() -> DatabaseTls.fromEnvironment(Map.of("OBSERVATORY_DATABASE_SSLMODE", "disable",
                "OBSERVATORY_DATABASE_SSLROOTCERT", cert.toString()))).hasMessageContaining("needs TLS");
    }

    private static StoragePool.Settings settings() {
        return new StoragePool.Settings(URL, "app", "pw", 4, Duration.ofSeconds(1), Duration.ofSeconds(30), null);
    }
}
