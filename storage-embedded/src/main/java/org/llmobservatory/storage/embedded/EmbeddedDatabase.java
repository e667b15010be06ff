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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
    private static final Duration FIRST_RECOVERY_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_RECOVERY_BACKOFF = Duration.ofSeconds(30);
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
    /** The postmaster's process id, read from {@code postmaster.pid} once the server has started. */
    private volatile long postmasterPid = -1;
    /** Between a start and a deliberate stop: a server missing then has died. */
    private volatile boolean wanted;
    private final AtomicLong restarts = new AtomicLong();
    private ScheduledExecutorService supervisor;
    /** When the supervisor may next try to start a server that died (System.nanoTime), and the wait after that. */
    private long nextRecoveryNanos;
    private Duration recoveryBackoff = FIRST_RECOVERY_BACKOFF;

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

    /**
     * Watches the server from now on: when its postmaster dies without being stopped (killed, or crashed), it is
     * started again on the same port and data directory, where PostgreSQL's crash recovery replays the WAL, so
     * nothing committed is lost. A start that fails (old backends still hold the shared memory, say) is tried again
     * after 1 s, then 2, 4, up to 30 s between tries. Each death and each return is logged, and {@link #restarts()}
     * counts the returns.
     */
    public synchronized void supervise() {
        if (supervisor == null) {
            supervisor = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("embedded-postgres-supervisor-" + port).daemon().factory());
            supervisor.scheduleWithFixedDelay(this::recoverQuietly, 1, 1, TimeUnit.SECONDS);
        }
    }

    /** How many times the supervisor has started the server again after it died. */
    public long restarts() {
        return restarts.get();
    }

    /** True when the server was started, not stopped since, and its postmaster process is gone. */
    public synchronized boolean died() {
        return wanted && (server == null
                || postmasterPid > 0 && !ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive).orElse(false));
    }

    private synchronized void recoverQuietly() {
        if (!died() || System.nanoTime() - nextRecoveryNanos < 0) {
            return;
        }
        long started = System.nanoTime();
        if (server != null) {
            log.warn("embedded PostgreSQL (pid {}, port {}) has died; starting it again on {} (its crash recovery"
                    + " replays the WAL)", postmasterPid, port, dataDirectory);
            try {
                // Releases the library's hold on the data directory; pg_ctl finds no server to stop.
                server.close();
            } catch (IOException | RuntimeException e) {
                log.debug("closing the dead embedded PostgreSQL: {}", e.getMessage());
            }
            server = null;
            removeExitGuard();
        }
        try {
            startServer();
            restarts.incrementAndGet();
            recoveryBackoff = FIRST_RECOVERY_BACKOFF;
            log.info("embedded PostgreSQL is back on port {} after {} ms (restart {})", port,
                    (System.nanoTime() - started) / 1_000_000, restarts.get());
        } catch (RuntimeException e) {
            nextRecoveryNanos = System.nanoTime() + recoveryBackoff.toNanos();
            log.warn("embedded PostgreSQL could not be started again ({}); next try in {} s", e.getMessage(),
                    recoveryBackoff.toSeconds());
            recoveryBackoff = recoveryBackoff.multipliedBy(2).compareTo(MAX_RECOVERY_BACKOFF) > 0
                    ? MAX_RECOVERY_BACKOFF : recoveryBackoff.multipliedBy(2);
        }
    }

    /**
     * Ends the server with SIGKILL, its postmaster and every process under it, without waiting: for a process that
     * must exit now although the server does not answer. A durable server loses nothing committed (crash recovery at
     * its next start).
     */
    public void kill() {
        // Without the lock: a start may hold it, and this must not wait.
        wanted = false;
        long pid = postmasterPid;
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(postmaster -> {
                postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
                postmaster.destroyForcibly();
            });
            log.warn("embedded PostgreSQL (pid {}) killed", pid);
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
        wanted = false;
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
        ScheduledExecutorService watching;
        synchronized (this) {
            watching = supervisor;
            supervisor = null;
        }
        if (watching != null) {
            watching.shutdownNow();
        }
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
            wanted = true;
            postmasterPid = postmasterPid();
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

    /** The first line of {@code postmaster.pid}, which PostgreSQL writes at start; -1 when it cannot be read. */
    private long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip());
        } catch (IOException | RuntimeException e) {
            log.warn("could not read the embedded PostgreSQL's postmaster.pid ({}); its death will not be noticed",
                    e.getMessage());
            return -1;
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
