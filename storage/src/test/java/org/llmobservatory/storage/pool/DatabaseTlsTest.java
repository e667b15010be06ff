package org.llmobservatory.storage.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmobservatory.storage.config.DatabaseTls;

/** The TLS settings reach pgjdbc as properties of the pool. */
class DatabaseTlsTest {

    @TempDir
    Path dir;

    private static final String URL = "jdbc:postgresql://db.internal:5432/obs";

    @Test
    void the_pool_gets_sslmode_and_the_root_certificate() throws Exception {
        Path cert = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        DatabaseTls tls = DatabaseTls.of(Optional.of("Verify-CA"), Optional.of(cert));

        var hikari = StoragePool.hikariConfig(settings().withProperties(tls.properties()));

        assertThat(hikari.getDataSourceProperties()).containsEntry("sslmode", "verify-ca")
                .containsEntry("sslrootcert", cert.toAbsolutePath().toString())
                .containsEntry("ApplicationName", "llm-observatory");
    }

    @Test
    void a_root_certificate_alone_means_verify_full_and_nothing_set_leaves_pgjdbc_defaults() throws Exception {
        Path cert = Files.writeString(dir.resolve("ca.pem"), "pem");

        assertThat(DatabaseTls.of(Optional.empty(), Optional.of(cert)).properties())
                .containsEntry("sslmode", "verify-full");
        assertThat(StoragePool.hikariConfig(settings().withProperties(DatabaseTls.DEFAULTS.properties()))
                .getDataSourceProperties()).doesNotContainKeys("sslmode", "sslrootcert");
    }

    private static StoragePool.Settings settings() {
        return new StoragePool.Settings(URL, "app", "pw", 4, Duration.ofSeconds(1), Duration.ofSeconds(30), null);
    }
}
