package org.llmobservatory.storage.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server run from the binaries in a Maven artifact, bound to 127.0.0.1. Its data
 * directory survives restarts, so a service started again finds yesterday's data. It can be stopped
 * and started again on the same port, which fault tests use to cut the database away from writers.
 *
 * <p>It is durable unless told otherwise: fsync, full-page writes and synchronous commit are on, so a committed
 * (acknowledged) row survives a power loss. It admits password logins only: the superuser's password is generated
 * at the first start and kept beside the data directory ({@link DatabasePassword}); a cluster made by an earlier
 * version, which trusted every local connection, gets a password at its next start. One process at a time may
 * run a data directory ({@link DataDirectoryLock}).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";

    /**
     * How long the exit guard waits at JVM exit for the owner to stop the server itself: long enough for
     * writers to drain into it (their drain timeout is 20 s by default).
     */
    static final Duration EXIT_GRACE = Duration.ofSeconds(30);

    /** Whether a commit waits for the disk. */
    public enum Durability {
        /** fsync, full-page writes and synchronous commit on: what {@code serve} runs. */
        DURABLE,
        /**
         * fsync off: faster, and a crash of the machine can lose or corrupt everything. Only for databases
         * thrown away after use, such as the tests' own.
         */
        THROW_AWAY
    }

    private final Path dataDirectory;
    private final int port;
    private final Durability durability;
    private final DatabasePassword passwordFile;
    private final DataDirectoryLock lock;
    private String password;
    private EmbeddedPostgres server;
    private Thread exitGuard;

    private EmbeddedDatabase(Path dataDirectory, int port, Durability durability, DataDirectoryLock lock) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.durability = durability;
        this.passwordFile = DatabasePassword.of(dataDirectory);
        this.lock = lock;
    }

    /**
     * Starts a durable PostgreSQL with its cluster under {@code dataDirectory} (created and initialised when
     * empty) on {@code port}, or on a free port when {@code port} is 0.
     *
     * @throws IllegalStateException naming the other process when one already runs this data directory
     */
    public static EmbeddedDatabase start(Path dataDirectory, int port) {
        return start(dataDirectory, port, Durability.DURABLE);
    }

    /** As {@link #start(Path, int)}, with the given durability. */
    public static EmbeddedDatabase start(Path dataDirectory, int port, Durability durability) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        EmbeddedDatabase db = new EmbeddedDatabase(directory, port == 0 ? freePort() : port, durability,
                DataDirectoryLock.acquire(directory));
        try {
            db.startServer();
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Starts the server again after {@link #stop()}, on the same port and data. */
    public synchronized void restart() {
        if (server == null) {
            startServer();
        }
    }

    /** Stops the server (a fast shutdown: open sessions are ended) while keeping its data. */
    public synchronized void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException("could not stop embedded PostgreSQL on port " + port, e);
            } finally {
                server = null;
                removeExitGuard();
                notifyAll();
            }
        }
    }

    public synchronized boolean running() {
        return server != null;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** JDBC URL of the {@code postgres} database; it carries no password. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** The superuser's password ({@link #USER}); never log it. */
    public String password() {
        return password;
    }

    /** Where the password is kept, for the operator who wants to connect with psql. */
    public Path passwordFile() {
        return passwordFile.file();
    }

    /** Stops the server and lets another process run this data directory. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            lock.close();
        }
    }

    private synchronized void startServer() {
        try {
            Files.createDirectories(dataDirectory);
            boolean initialised = Files.exists(dataDirectory.resolve("postgresql.conf"));
            boolean trusting = initialised && ClientAuthentication.trusting(dataDirectory);
            if (initialised && !trusting && !passwordFile.exists()) {
                throw new IllegalStateException("the embedded PostgreSQL in " + dataDirectory + " needs its password,"
                        + " kept in " + passwordFile.file() + ", which is missing: restore that file");
            }
            password = passwordFile.readOrCreate();
            log.info("starting embedded PostgreSQL on 127.0.0.1:{} with data in {}{}", port, dataDirectory,
                    durability == Durability.DURABLE ? "" : " (THROW-AWAY: fsync off, a crash can lose everything)");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_wal_size", "2GB")
                    .setServerConfig("checkpoint_timeout", "15min")
                    // Read by initdb only, when the cluster is made: the superuser gets the password, and every
                    // login needs it (the later --auth wins over the library's own "-A trust").
                    .setLocaleConfig("auth", "scram-sha-256")
                    .setLocaleConfig("pwfile", passwordFile.file().toString())
                    .setConnectConfig("password", password);
            if (durability == Durability.DURABLE) {
                // The library starts the server with -F (fsync off); a -c given after it wins.
                builder.setServerConfig("fsync", "on").setServerConfig("full_page_writes", "on");
            }
            server = builder.start();
            installExitGuard();
            if (trusting) {
                requirePassword();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL on 127.0.0.1:" + port
                    + " with data in " + dataDirectory + ": " + e.getMessage(), e);
        }
    }

    /** Upgrades a cluster of an earlier version, which let every local connection in, to password logins. */
    private void requirePassword() {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), USER, password);
                Statement st = c.createStatement()) {
            c.unwrap(PGConnection.class).alterUserPassword(USER, password.toCharArray(), "scram-sha-256");
            ClientAuthentication.requirePassword(dataDirectory);
            st.execute("SELECT pg_reload_conf()");
            log.info("embedded PostgreSQL in {} now requires the password kept in {} (it admitted every local"
                    + " connection before)", dataDirectory, passwordFile.file());
        } catch (SQLException e) {
            throw new IllegalStateException("could not set a password on the embedded PostgreSQL in " + dataDirectory
                    + ": " + e.getMessage(), e);
        }
    }

    /*
     * PostgreSQL runs as a separate process (started by pg_ctl), so it outlives the JVM unless someone
     * stops it. The library's own shutdown hook would stop it at once, racing the owner's shutdown hook
     * (Storage.close, which drains writers into this very database first). The guard instead gives the
     * owner EXIT_GRACE to stop it, and only then stops it itself.
     */
    private void installExitGuard() {
        exitGuard = Thread.ofPlatform().name("embedded-postgres-exit-guard-" + port).unstarted(this::stopAtExit);
        Runtime.getRuntime().addShutdownHook(exitGuard);
    }

    private void removeExitGuard() {
        if (exitGuard != null && exitGuard != Thread.currentThread()) {
            try {
                Runtime.getRuntime().removeShutdownHook(exitGuard);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down: the guard is running and will find the server stopped.
            }
        }
        exitGuard = null;
    }

    private synchronized void stopAtExit() {
        long deadline = System.nanoTime() + EXIT_GRACE.toNanos();
        try {
            while (server != null && System.nanoTime() < deadline) {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (server != null) {
            log.warn("stopping embedded PostgreSQL on port {} left running at JVM exit", port);
            stop();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on 127.0.0.1", e);
        }
    }
}
