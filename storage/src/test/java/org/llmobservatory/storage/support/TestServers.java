package org.llmobservatory.storage.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.llmobservatory.storage.config.DatabaseUrl;
import org.llmobservatory.storage.embedded.EmbeddedCache;
import org.llmobservatory.storage.embedded.EmbeddedDatabase;
import org.postgresql.PGConnection;

/**
 * The real PostgreSQL and Redis servers shared by every test in one JVM, started on first use and
 * stopped when the JVM exits. Set {@code OBSERVATORY_TEST_DATABASE_URL} (with
 * {@code OBSERVATORY_TEST_DATABASE_USER} and {@code OBSERVATORY_TEST_DATABASE_PASSWORD}) to run against
 * an external PostgreSQL instead; the user needs the CREATEDB privilege (and CREATEROLE for
 * {@link #freshLeastPrivilegeDatabase()}).
 */
public final class TestServers {

    private static final AtomicInteger databases = new AtomicInteger();
    private static final AtomicInteger roles = new AtomicInteger();
    private static EmbeddedDatabase postgres;
    private static EmbeddedCache redis;
    private static Path workDirectory;

    private TestServers() {
    }

    /** A new, empty database on the shared server, so tests never see each other's rows. */
    public static TestDatabase freshDatabase() {
        String name = "t" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        Admin admin = admin();
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
                Statement st = c.createStatement()) {
            // The name is generated above from a counter, never from input.
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name + ": " + e.getMessage(), e);
        }
        String url = admin.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
        return new TestDatabase(url, admin.user(), admin.password());
    }

    /**
     * A new, empty database, and a new role to use it with the privileges the README asks of an external
     * PostgreSQL's user, as a managed PostgreSQL's application role usually has them: it may log in, CONNECT to the
     * database and create TEMPORARY objects in it, and has USAGE and CREATE on schema {@code public}; it is no
     * superuser, may create no database and no role, and owns neither the database nor the schema. PUBLIC's own
     * rights on the database and the schema are revoked, so the role holds exactly what is granted here. The database
     * returned logs in as that role.
     */
    public static TestDatabase freshLeastPrivilegeDatabase() {
        TestDatabase owner = freshDatabase();
        String database = owner.jdbcUrl().replaceFirst("^.*/([^/?]+)(\\?.*)?$", "$1");
        // Identifiers cannot be bound: the database's and the role's names are generated from counters.
        String role = "app_" + ProcessHandle.current().pid() + "_" + roles.incrementAndGet();
        String password = HexFormat.of().formatHex(randomBytes(16));
        try (Connection c = owner.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS");
            c.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
            // Before PostgreSQL 15 PUBLIC could create in schema public; every version lets it use temporary objects.
            st.execute("REVOKE ALL ON DATABASE " + database + " FROM PUBLIC");
            st.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC");
            st.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + database + " TO " + role);
            st.execute("GRANT USAGE, CREATE ON SCHEMA public TO " + role);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the role " + role + " on " + database + ": "
                    + e.getMessage(), e);
        }
        return new TestDatabase(owner.jdbcUrl(), role, password);
    }

    /** The shared embedded Redis (started on first use). */
    public static synchronized EmbeddedCache redis() {
        if (redis == null) {
            redis = EmbeddedCache.start(0, work().resolve("redis"));
        }
        return redis;
    }

    /** A private working directory for this test JVM, removed at exit. */
    public static synchronized Path work() {
        if (workDirectory == null) {
            try {
                workDirectory = Files.createTempDirectory("observatory-test-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestServers::shutdown, "test-servers-shutdown"));
        }
        return workDirectory;
    }

    private record Admin(String jdbcUrl, String user, String password) {
    }

    private static synchronized Admin admin() {
        String external = System.getenv("OBSERVATORY_TEST_DATABASE_URL");
        if (external != null && !external.isBlank()) {
            DatabaseUrl url = DatabaseUrl.parse(external);
            String user = envOr("OBSERVATORY_TEST_DATABASE_USER", url.user().orElse("postgres"));
            String password = envOr("OBSERVATORY_TEST_DATABASE_PASSWORD", url.password().orElse(""));
            return new Admin(url.jdbcUrl(), user, password);
        }
        if (postgres == null) {
            // The tests' own server, thrown away at exit: fsync off, for speed. What serve runs is durable.
            postgres = EmbeddedDatabase.start(work().resolve("postgres"), 0, EmbeddedDatabase.Durability.THROW_AWAY);
        }
        return new Admin(postgres.jdbcUrl(), EmbeddedDatabase.USER, postgres.password());
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static synchronized void shutdown() {
        if (redis != null) {
            redis.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
        if (workDirectory != null) {
            try (Stream<Path> paths = Files.walk(workDirectory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // Leaving a temp directory behind is not worth failing the build over.
            }
        }
    }
}
