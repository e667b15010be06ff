package org.llmobservatory.storage.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server run from the binaries in a Maven artifact, bound to 127.0.0.1. Its data
 * directory survives restarts, so a service started again finds yesterday's data. It can be stopped
 * and started again on the same port, which fault tests use to cut the database away from writers.
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

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;
    private Thread exitGuard;

    private EmbeddedDatabase(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /**
     * Starts PostgreSQL with its cluster under {@code dataDirectory} (created and initialised when
     * empty) on {@code port}, or on a free port when {@code port} is 0.
     */
    public static EmbeddedDatabase start(Path dataDirectory, int port) {
        int chosen = port == 0 ? freePort() : port;
        EmbeddedDatabase db = new EmbeddedDatabase(dataDirectory.toAbsolutePath(), chosen);
        db.startServer();
        return db;
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

    @Override
    public void close() {
        stop();
    }

    private synchronized void startServer() {
        try {
            Files.createDirectories(dataDirectory);
            log.info("starting embedded PostgreSQL on 127.0.0.1:{} with data in {}", port, dataDirectory);
            server = EmbeddedPostgres.builder()
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
                    .start();
            installExitGuard();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL on 127.0.0.1:" + port
                    + " with data in " + dataDirectory + ": " + e.getMessage(), e);
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
