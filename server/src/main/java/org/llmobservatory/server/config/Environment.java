package org.llmobservatory.server.config;

import java.util.Map;
import java.util.Optional;
import org.llmobservatory.server.ratelimit.RateLimit;
import org.llmobservatory.server.redaction.Redaction;
import org.llmobservatory.storage.config.DatabaseTls;
import org.llmobservatory.storage.config.ReadReplica;
import org.llmobservatory.storage.config.Retention;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.config.WriterSettings;

/**
 * The service's configuration read from its environment variables: every value through its {@link Settings}
 * entry, then the checks that span several variables.
 *
 * @throws IllegalArgumentException from each method, naming the variable and what it accepts when one is wrong
 */
public final class Environment {

    private final Map<String, String> variables;

    /** {@code variables} is read, never changed: {@code System.getenv()} in the service, a map in tests. */
    public Environment(Map<String, String> variables) {
        this.variables = variables;
    }

    /** The value of one setting, its default when unset. */
    public <T> T get(Setting<T> setting) {
        return setting.read(variables);
    }

    /** Where the servers listen, and their limits and timeouts. */
    public ServerConfig server() {
        return new ServerConfig(get(Settings.BIND_ADDRESS), get(Settings.MANAGEMENT_PORT),
                get(Settings.OTLP_HTTP_PORT), get(Settings.OTLP_GRPC_PORT), get(Settings.API_PORT),
                get(Settings.INSTANCE), get(Settings.ACK_TIMEOUT), get(Settings.SHUTDOWN_TIMEOUT),
                get(Settings.MAX_BODY_BYTES), get(Settings.QUERY_CACHE_TTL));
    }

    /** The databases, the pool, the writer and retention. */
    public StorageConfig storage() {
        StorageConfig.Builder storage = StorageConfig.builder()
                .redis(get(Settings.REDIS_URL))
                .dataDir(get(Settings.DATA_DIR))
                .poolSize(get(Settings.POOL_SIZE))
                .connectTimeout(get(Settings.CONNECT_TIMEOUT))
                .queryTimeout(get(Settings.QUERY_TIMEOUT))
                .writer(writer())
                .retention(Retention.of(get(Settings.RETENTION_DAYS)).withRollups(get(Settings.ROLLUP_RETENTION_DAYS)))
                .tls(tls());
        get(Settings.DATABASE_URL).ifPresent(storage::database);
        get(Settings.DATABASE_USER).ifPresent(storage::user);
        get(Settings.DATABASE_PASSWORD).ifPresent(storage::password);
        readReplica().ifPresent(storage::readReplica);
        return storage.build();
    }

    /** The read replica, when a read URL is set; its other settings are read (and checked) either way. */
    private Optional<ReadReplica> readReplica() {
        var url = get(Settings.DATABASE_READ_URL);
        var user = get(Settings.DATABASE_READ_USER);
        var password = get(Settings.DATABASE_READ_PASSWORD);
        var maxLag = get(Settings.DATABASE_READ_MAX_LAG);
        return url.map(database -> ReadReplica.at(database).withUser(user.orElse(null))
                .withPassword(password.orElse(null)).withMaxLag(maxLag));
    }

    /** Access, rate limit, health details and redaction. */
    public SecurityConfig security() {
        double rate = get(Settings.RATE_LIMIT);
        int burst = get(Settings.RATE_BURST).orElse(RateLimit.defaultBurst(rate));
        return new SecurityConfig(get(Settings.AUTH), new RateLimit(rate, burst), get(Settings.HEALTH_DETAILS),
                Redaction.of(get(Settings.REDACT), get(Settings.REDACT_PATTERNS)));
    }

    private WriterSettings writer() {
        int batchSize = get(Settings.BATCH_SIZE);
        int capacity = get(Settings.BUFFER_CAPACITY);
        if (capacity < batchSize) {
            throw new IllegalArgumentException(Settings.BUFFER_CAPACITY + " must be at least the batch size ("
                    + batchSize + ", " + Settings.BATCH_SIZE + "), got: " + capacity);
        }
        return WriterSettings.DEFAULTS.withBatchSize(batchSize).withFlushInterval(get(Settings.FLUSH_INTERVAL))
                .withBufferCapacity(capacity).withMethod(get(Settings.WRITE_METHOD));
    }

    private DatabaseTls tls() {
        var mode = get(Settings.DATABASE_SSLMODE);
        var rootCert = get(Settings.DATABASE_SSLROOTCERT);
        try {
            return DatabaseTls.of(mode, rootCert);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Settings.DATABASE_SSLMODE + " and " + Settings.DATABASE_SSLROOTCERT
                    + " disagree: " + e.getMessage(), e);
        }
    }
}
