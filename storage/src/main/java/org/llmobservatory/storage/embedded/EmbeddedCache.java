package org.llmobservatory.storage.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
            redis.start();
            server = redis;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded Redis on 127.0.0.1:" + port, e);
        }
    }

    public synchronized void stop() {
        if (server != null) {
            try {
                server.stop();
            } catch (IOException e) {
                throw new UncheckedIOException("could not stop embedded Redis on port " + port, e);
            } finally {
                server = null;
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
