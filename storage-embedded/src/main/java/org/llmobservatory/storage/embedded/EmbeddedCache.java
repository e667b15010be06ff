package org.llmobservatory.storage.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real redis-server 6.2 run from the binary in a Maven artifact, bound to 127.0.0.1, used as the
 * query cache when no external Redis is configured. It can be stopped and started again on the same
 * port, which fault tests use.
 */
public final class EmbeddedCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedCache.class);

    private final int port;
    private final Path workDirectory;
    private RedisServer server;
    /** The redis-server process of {@link #server}, known so that fault tests can kill it. */
    private ProcessHandle process;

    private EmbeddedCache(int port, Path workDirectory) {
        this.port = port;
        this.workDirectory = workDirectory;
    }

    /** Starts redis-server on {@code port}, or on a free port when it is 0. */
    public static EmbeddedCache start(int port, Path workDirectory) {
        EmbeddedCache cache = new EmbeddedCache(port == 0 ? EmbeddedDatabase.freePort() : port,
                workDirectory.toAbsolutePath());
        cache.restart();
        return cache;
    }

    public synchronized void restart() {
        if (server != null) {
            return;
        }
        try {
            Files.createDirectories(workDirectory);
            log.info("starting embedded Redis on 127.0.0.1:{}", port);
            RedisServer redis = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    // A cache: nothing to persist, and no snapshot files left in the working directory.
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("dir " + workDirectory)
                    .setting("maxmemory 128mb")
                    .setting("maxmemory-policy allkeys-lru")
                    .build();
            // The library keeps its Process to itself: the new redis-server is the child this start adds. One
            // start at a time in the JVM keeps that difference to exactly one process.
            synchronized (EmbeddedCache.class) {
                Set<Long> before = redisChildren().map(ProcessHandle::pid).collect(Collectors.toSet());
                redis.start();
                process = redisChildren().filter(p -> !before.contains(p.pid())).findFirst().orElse(null);
            }
            server = redis;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded Redis on 127.0.0.1:" + port, e);
        }
    }

    /**
     * Kills redis-server with SIGKILL, as a crash or the OOM killer would: no shutdown, connections cut. A
     * later {@link #restart()} starts a new one on the same port, empty.
     *
     * @throws IllegalStateException when the process of this cache is not known
     */
    public synchronized void kill() {
        if (server == null) {
            return;
        }
        if (process == null) {
            throw new IllegalStateException("the redis-server process on port " + port + " is not known");
        }
        log.info("killing embedded Redis on 127.0.0.1:{} (pid {})", port, process.pid());
        process.destroyForcibly();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing redis-server " + process.pid(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("redis-server " + process.pid() + " did not die within 10 s", e);
        }
        server = null;
        process = null;
    }

    private static Stream<ProcessHandle> redisChildren() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false));
    }

    public synchronized void stop() {
        if (server != null) {
            try {
                server.stop();
            } catch (IOException e) {
                throw new UncheckedIOException("could not stop embedded Redis on port " + port, e);
            } finally {
                server = null;
                process = null;
            }
        }
    }

    public synchronized boolean running() {
        return server != null;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
    }
}
