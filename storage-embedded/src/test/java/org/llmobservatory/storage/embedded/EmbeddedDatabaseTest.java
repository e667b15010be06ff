package org.llmobservatory.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

/** What the embedded PostgreSQL promises an operator: durable commits, password logins only, one owner. */
class EmbeddedDatabaseTest {

    @TempDir
    Path work;

    @Test
    void a_new_cluster_is_durable_and_admits_only_its_generated_password() throws Exception {
        Path dir = Files.createTempDirectory(work, "durable-").resolve("postgres");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0)) {
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, db.password())) {
                assertThat(show(c, "fsync")).isEqualTo("on");
                assertThat(show(c, "full_page_writes")).isEqualTo("on");
                assertThat(show(c, "synchronous_commit")).isEqualTo("on");
                assertThat(show(c, "password_encryption")).isEqualTo("scram-sha-256");
            }
            assertRefusedWithout(db);
            Path file = dir.resolveSibling("postgres.password");
            assertThat(db.passwordFile()).isEqualTo(file);
            assertThat(Files.readString(file).strip()).isEqualTo(db.password()).hasSizeGreaterThanOrEqualTo(32);
            assertThat(Files.getPosixFilePermissions(file))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void a_cluster_that_trusted_every_local_connection_is_given_a_password_and_keeps_its_data() throws Exception {
        Path dir = Files.createTempDirectory(work, "upgrade-").resolve("postgres");
        // A cluster as earlier versions made it: initdb -A trust, no password.
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).start();
                Connection c = old.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kept (v text)");
            st.execute("INSERT INTO kept VALUES ('from before the upgrade')");
        }
        assertThat(Files.exists(dir.resolveSibling("postgres.password"))).isFalse();

        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0)) {
            assertRefusedWithout(db);
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, db.password());
                    Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT v FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("from before the upgrade");
            }
            assertThat(Files.readString(dir.resolve("pg_hba.conf"))).doesNotContainPattern("(?m)^[^#]*\\btrust\\b");
        }
        // The next start finds the password where the upgrade left it.
        try (EmbeddedDatabase again = EmbeddedDatabase.start(dir, 0)) {
            assertRefusedWithout(again);
            try (Connection c = DriverManager.getConnection(again.jdbcUrl(), EmbeddedDatabase.USER, again.password())) {
                assertThat(show(c, "fsync")).isEqualTo("on");
            }
        }
    }

    @Test
    void a_second_process_on_the_same_data_directory_is_told_who_has_it() throws Exception {
        Path dir = Files.createTempDirectory(work, "owned-").resolve("postgres");
        try (EmbeddedDatabase first = EmbeddedDatabase.start(dir, 0, EmbeddedDatabase.Durability.THROW_AWAY)) {
            assertThatThrownBy(() -> EmbeddedDatabase.start(dir, 0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the data directory " + dir + " is in use by another process (pid "
                            + ProcessHandle.current().pid())
                    .hasMessageContaining("OBSERVATORY_DATA_DIR");
            assertThat(first.running()).isTrue();
        }
        // Released on close: the directory can be run again.
        try (EmbeddedDatabase second = EmbeddedDatabase.start(dir, 0, EmbeddedDatabase.Durability.THROW_AWAY)) {
            assertThat(second.running()).isTrue();
        }
    }

    @Test
    void a_lost_password_file_is_named_instead_of_failing_every_login() throws Exception {
        Path dir = Files.createTempDirectory(work, "lost-").resolve("postgres");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0, EmbeddedDatabase.Durability.THROW_AWAY)) {
            assertThat(db.running()).isTrue();
        }
        Files.delete(dir.resolveSibling("postgres.password"));
        assertThatThrownBy(() -> EmbeddedDatabase.start(dir, 0))
                .hasMessageContaining("needs its password")
                .hasMessageContaining(dir.resolveSibling("postgres.password").toString());
    }

    private static void assertRefusedWithout(EmbeddedDatabase db) {
        assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, ""))
                .isInstanceOf(PSQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, "wrong"))
                .isInstanceOf(PSQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

}
