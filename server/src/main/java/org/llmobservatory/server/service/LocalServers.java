package org.llmobservatory.server.service;

import java.util.Optional;
import org.llmobservatory.storage.config.DatabaseTls;
import org.llmobservatory.storage.config.DatabaseUrl;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.embedded.EmbeddedCache;
import org.llmobservatory.storage.embedded.EmbeddedDatabase;

/**
 * The embedded PostgreSQL and Redis the service runs on when its configuration names none: started under the data
 * directory before storage opens, stopped after it closes. A durable database (fsync on), watched and restarted if
 * its process dies.
 */
public final class LocalServers implements AutoCloseable {

    private final EmbeddedDatabase database;
    private final EmbeddedCache cache;

    private LocalServers(EmbeddedDatabase database, EmbeddedCache cache) {
        this.database = database;
        this.cache = cache;
    }

    /** Starts what {@code config} leaves to the service: nothing when it names a database and a Redis (or none). */
    public static LocalServers start(StorageConfig config) {
        EmbeddedDatabase database = null;
        try {
            if (config.embeddedDatabase()) {
                database = EmbeddedDatabase.start(config.dataDir().resolve("postgres"), 0);
                database.supervise();
            }
            EmbeddedCache cache = config.redis() instanceof RedisTarget.Embedded
                    ? EmbeddedCache.start(0, config.dataDir().resolve("redis"))
                    : null;
            return new LocalServers(database, cache);
        } catch (RuntimeException e) {
            if (database != null) {
                database.close();
            }
            throw e;
        }
    }

    /** {@code config} pointed at the servers started here; what it named itself is left as it was. */
    public StorageConfig applyTo(StorageConfig config) {
        StorageConfig applied = config;
        if (database != null) {
            applied = applied.withDatabase(DatabaseUrl.parse(database.jdbcUrl()), EmbeddedDatabase.USER,
                    database.password()).withTls(DatabaseTls.DEFAULTS);
        }
        if (cache != null) {
            applied = applied.withRedis(new RedisTarget.External(cache.url()));
        }
        return applied;
    }

    /** The embedded PostgreSQL, when one was started. */
    public Optional<EmbeddedDatabase> database() {
        return Optional.ofNullable(database);
    }

    /** The embedded Redis, when one was started. */
    public Optional<EmbeddedCache> cache() {
        return Optional.ofNullable(cache);
    }

    /** Stops Redis, then PostgreSQL (a fast shutdown: every commit is on disk). */
    @Override
    public void close() {
        try {
            if (cache != null) {
                cache.close();
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }
}
