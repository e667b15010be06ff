package org.llmobservatory.storage.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the storage layer needs to reach its databases and to shape its writes, built with {@link #builder()}
 * (the service builds it from its environment variables).
 *
 * @param database       an external PostgreSQL, or empty for the embedded one under {@code dataDir}
 * @param user           database user (overrides one given in the URL)
 * @param password       database password (overrides one given in the URL); never logged
 * @param redis          where the query cache lives
 * @param dataDir        where embedded servers keep their data and {@code ports.json} is written
 * @param poolSize       maximum PostgreSQL connections
 * @param connectTimeout how long start-up keeps retrying an unreachable database before giving up
 * @param queryTimeout   statement timeout applied to every query
 * @param writer         batching writer tuning
 * @param retention      how long data is kept
 * @param tls            TLS towards an external PostgreSQL
 * @param readReplica    a streaming replica for the query reads, or empty to read from the primary
 */
public record StorageConfig(
        Optional<DatabaseUrl> database,
        Optional<String> user,
        Optional<String> password,
        RedisTarget redis,
        Path dataDir,
        int poolSize,
        Duration connectTimeout,
        Duration queryTimeout,
        WriterSettings writer,
        Retention retention,
        DatabaseTls tls,
        Optional<ReadReplica> readReplica) {

    /** The fewest connections a pool may hold: one for the writer and one for anything else. */
    public static final int MIN_POOL_SIZE = 2;

    public StorageConfig {
        if (poolSize < MIN_POOL_SIZE) {
            throw new IllegalArgumentException("poolSize must be at least " + MIN_POOL_SIZE + ", got " + poolSize);
        }
    }

    /** Every setting but the password, which shows as {@code ****} when set: safe to log. */
    @Override
    public String toString() {
        return "StorageConfig[database=" + database + ", user=" + user + ", password="
                + password.map(p -> "****") + ", redis=" + redis + ", dataDir=" + dataDir + ", poolSize=" + poolSize
                + ", connectTimeout=" + connectTimeout + ", queryTimeout=" + queryTimeout + ", writer=" + writer
                + ", retention=" + retention + ", tls=" + tls + ", readReplica=" + readReplica + "]";
    }

    /** True when no external database is configured and an embedded PostgreSQL is to be started. */
    public boolean embeddedDatabase() {
        return database.isEmpty();
    }

    public StorageConfig withDatabase(DatabaseUrl url, String user, String password) {
        return new StorageConfig(Optional.of(url), Optional.ofNullable(user), Optional.ofNullable(password), redis,
                dataDir, poolSize, connectTimeout, queryTimeout, writer, retention, tls, readReplica);
    }

    public StorageConfig withRedis(RedisTarget target) {
        return new StorageConfig(database, user, password, target, dataDir, poolSize, connectTimeout, queryTimeout,
                writer, retention, tls, readReplica);
    }

    public StorageConfig withTls(DatabaseTls value) {
        return new StorageConfig(database, user, password, redis, dataDir, poolSize, connectTimeout, queryTimeout,
                writer, retention, value, readReplica);
    }

    public StorageConfig withWriter(WriterSettings settings) {
        return new StorageConfig(database, user, password, redis, dataDir, poolSize, connectTimeout, queryTimeout,
                settings, retention, tls, readReplica);
    }

    public StorageConfig withReadReplica(ReadReplica value) {
        return new StorageConfig(database, user, password, redis, dataDir, poolSize, connectTimeout, queryTimeout,
                writer, retention, tls, Optional.ofNullable(value));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent construction with the documented defaults. */
    public static final class Builder {
        private DatabaseUrl database;
        private String user;
        private String password;
        private RedisTarget redis = new RedisTarget.Embedded();
        private Path dataDir = Path.of("data");
        private int poolSize = 10;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration queryTimeout = Duration.ofSeconds(30);
        private WriterSettings writer = WriterSettings.DEFAULTS;
        private Retention retention = Retention.DEFAULTS;
        private DatabaseTls tls = DatabaseTls.DEFAULTS;
        private ReadReplica readReplica;

        private Builder() {
        }

        public Builder database(DatabaseUrl value) {
            this.database = value;
            return this;
        }

        public Builder user(String value) {
            this.user = value;
            return this;
        }

        public Builder password(String value) {
            this.password = value;
            return this;
        }

        public Builder redis(RedisTarget value) {
            this.redis = value;
            return this;
        }

        public Builder dataDir(Path value) {
            this.dataDir = value;
            return this;
        }

        public Builder poolSize(int value) {
            this.poolSize = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        public Builder queryTimeout(Duration value) {
            this.queryTimeout = value;
            return this;
        }

        public Builder writer(WriterSettings value) {
            this.writer = value;
            return this;
        }

        public Builder retention(Retention value) {
            this.retention = value;
            return this;
        }

        public Builder tls(DatabaseTls value) {
            this.tls = value;
            return this;
        }

        public Builder readReplica(ReadReplica value) {
            this.readReplica = value;
            return this;
        }

        public StorageConfig build() {
            return new StorageConfig(Optional.ofNullable(database), Optional.ofNullable(user),
                    Optional.ofNullable(password), redis, dataDir, poolSize, connectTimeout, queryTimeout, writer,
                    retention, tls, Optional.ofNullable(readReplica));
        }
    }
}
