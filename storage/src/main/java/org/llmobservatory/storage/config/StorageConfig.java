package org.llmobservatory.storage.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the storage layer needs to reach its databases and to shape its writes. Built from the
 * environment ({@link #fromEnvironment(Map)}) or with {@link #builder()}.
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
        DatabaseTls tls) {

    public StorageConfig {
        if (poolSize < 2) {
            throw new IllegalArgumentException("poolSize must be at least 2, got " + poolSize);
        }
    }

    /** Every setting but the password, which shows as {@code ****} when set: safe to log. */
    @Override
    public String toString() {
        return "StorageConfig[database=" + database + ", user=" + user + ", password="
                + password.map(p -> "****") + ", redis=" + redis + ", dataDir=" + dataDir + ", poolSize=" + poolSize
                + ", connectTimeout=" + connectTimeout + ", queryTimeout=" + queryTimeout + ", writer=" + writer
                + ", retention=" + retention + ", tls=" + tls + "]";
    }

    /**
     * Reads the {@code OBSERVATORY_*} variables described in the README (with DATABASE_URL and REDIS_URL too).
     *
     * @throws IllegalArgumentException naming the variable and what it accepts when a value is wrong
     */
    public static StorageConfig fromEnvironment(Map<String, String> env) {
        Builder b = builder();
        first(env, "OBSERVATORY_DATABASE_URL", "DATABASE_URL").ifPresent(url -> b.database(
                named("OBSERVATORY_DATABASE_URL", () -> DatabaseUrl.parse(url))));
        first(env, "OBSERVATORY_DATABASE_USER").ifPresent(b::user);
        first(env, "OBSERVATORY_DATABASE_PASSWORD").ifPresent(b::password);
        String redis = first(env, "OBSERVATORY_REDIS_URL", "REDIS_URL").orElse(null);
        b.redis(named("OBSERVATORY_REDIS_URL", () -> RedisTarget.parse(redis)));
        first(env, "OBSERVATORY_DATA_DIR").ifPresent(dir -> b.dataDir(Path.of(dir)));
        first(env, "OBSERVATORY_POOL_SIZE").ifPresent(v -> b.poolSize(atLeast("OBSERVATORY_POOL_SIZE", v, 2)));
        first(env, "OBSERVATORY_QUERY_TIMEOUT_MS").ifPresent(v -> b.queryTimeout(
                Duration.ofMillis(atLeast("OBSERVATORY_QUERY_TIMEOUT_MS", v, 100))));
        WriterSettings w = WriterSettings.DEFAULTS;
        var batch = first(env, "OBSERVATORY_BATCH_SIZE");
        if (batch.isPresent()) {
            w = w.withBatchSize(atLeast("OBSERVATORY_BATCH_SIZE", batch.get(), 1));
        }
        var interval = first(env, "OBSERVATORY_FLUSH_INTERVAL_MS");
        if (interval.isPresent()) {
            w = w.withFlushInterval(Duration.ofMillis(atLeast("OBSERVATORY_FLUSH_INTERVAL_MS", interval.get(), 0)));
        }
        var capacity = first(env, "OBSERVATORY_BUFFER_CAPACITY");
        if (capacity.isPresent()) {
            int value = atLeast("OBSERVATORY_BUFFER_CAPACITY", capacity.get(), 1);
            if (value < w.batchSize()) {
                throw new IllegalArgumentException("OBSERVATORY_BUFFER_CAPACITY must be at least the batch size ("
                        + w.batchSize() + ", OBSERVATORY_BATCH_SIZE), got: " + value);
            }
            w = w.withBufferCapacity(value);
        }
        var method = first(env, "OBSERVATORY_WRITE_METHOD");
        if (method.isPresent()) {
            try {
                w = w.withMethod(WriteMethod.valueOf(method.get().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "OBSERVATORY_WRITE_METHOD must be auto, copy or insert, got: " + method.get());
            }
        }
        b.writer(w);
        var days = first(env, "OBSERVATORY_RETENTION_DAYS");
        if (days.isPresent()) {
            Duration d = Duration.ofDays(atLeast("OBSERVATORY_RETENTION_DAYS", days.get(), 1));
            b.retention(Retention.of(d));
        }
        var rollupDays = first(env, "OBSERVATORY_ROLLUP_RETENTION_DAYS");
        if (rollupDays.isPresent()) {
            b.retention(b.retention.withRollups(
                    Duration.ofDays(atLeast("OBSERVATORY_ROLLUP_RETENTION_DAYS", rollupDays.get(), 1))));
        }
        b.tls(DatabaseTls.fromEnvironment(env));
        return b.build();
    }

    /** True when no external database is configured and an embedded PostgreSQL is to be started. */
    public boolean embeddedDatabase() {
        return database.isEmpty();
    }

    public StorageConfig withDatabase(DatabaseUrl url, String user, String password) {
        return new StorageConfig(Optional.of(url), Optional.ofNullable(user), Optional.ofNullable(password), redis,
                dataDir, poolSize, connectTimeout, queryTimeout, writer, retention, tls);
    }

    public StorageConfig withRedis(RedisTarget target) {
        return new StorageConfig(database, user, password, target, dataDir, poolSize, connectTimeout, queryTimeout,
                writer, retention, tls);
    }

    public StorageConfig withTls(DatabaseTls value) {
        return new StorageConfig(database, user, password, redis, dataDir, poolSize, connectTimeout, queryTimeout,
                writer, retention, value);
    }

    public StorageConfig withWriter(WriterSettings settings) {
        return new StorageConfig(database, user, password, redis, dataDir, poolSize, connectTimeout, queryTimeout,
                settings, retention, tls);
    }

    public static Builder builder() {
        return new Builder();
    }

    private static Optional<String> first(Map<String, String> env, String... names) {
        for (String name : names) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return Optional.of(v.strip());
            }
        }
        return Optional.empty();
    }

    private static int atLeast(String name, String value, int min) {
        int parsed = integer(name, value);
        if (parsed < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got: " + value);
        }
        return parsed;
    }

    /** Runs a parser, prefixing its complaint with the variable the value came from. */
    private static <T> T named(String name, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got: " + value);
        }
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

        public StorageConfig build() {
            return new StorageConfig(Optional.ofNullable(database), Optional.ofNullable(user),
                    Optional.ofNullable(password), redis, dataDir, poolSize, connectTimeout, queryTimeout, writer,
                    retention, tls);
        }
    }
}
