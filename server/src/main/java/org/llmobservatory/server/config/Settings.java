package org.llmobservatory.server.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.llmobservatory.server.ratelimit.RateLimit;
import org.llmobservatory.server.redaction.Redaction;
import org.llmobservatory.storage.auth.AccessPolicy;
import org.llmobservatory.storage.config.DatabaseTls;
import org.llmobservatory.storage.config.Retention;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.health.DetailsVisibility;

/**
 * Every environment variable the service reads, grouped, in the order and with the words of the README's settings
 * table. The variables are still read where they were (ServerConfig, StorageConfig, SecurityConfig and the classes
 * they use); tests check that the readers, this list and the README name the same settings.
 */
public final class Settings {

    /** Settings that belong together, under a title of a few words. */
    public record Group(String title, List<Setting> settings) {
        public Group {
            settings = List.copyOf(settings);
        }
    }

    // The defaults shown are what the readers make of an empty environment, so that each is stated once.
    private static final ServerConfig SERVER = ServerConfig.fromEnvironment(Map.of());
    private static final StorageConfig STORAGE = StorageConfig.fromEnvironment(Map.of());
    private static final WriterSettings WRITER = WriterSettings.DEFAULTS;
    private static final Retention RETENTION = Retention.DEFAULTS;

    public static final List<Group> GROUPS = List.of(
            new Group("PostgreSQL and Redis", List.of(
                    new Setting("OBSERVATORY_DATABASE_URL", "unset: embedded PostgreSQL",
                            "external PostgreSQL, as jdbc:postgresql://host:port/db or"
                                    + " postgres://user:password@host:port/db").or("DATABASE_URL"),
                    new Setting("OBSERVATORY_DATABASE_USER", "from the URL",
                            "database user; overrides one in the URL"),
                    new Setting("OBSERVATORY_DATABASE_PASSWORD", "from the URL",
                            "database password; overrides one in the URL; never logged"),
                    new Setting(DatabaseTls.SSLMODE, "pgjdbc's default (prefer)",
                            "TLS to PostgreSQL: disable, allow, prefer, require, verify-ca or verify-full"),
                    new Setting(DatabaseTls.SSLROOTCERT, "unset",
                            "CA certificate (PEM) the PostgreSQL server's certificate must chain to; alone it"
                                    + " implies verify-full"),
                    new Setting("OBSERVATORY_REDIS_URL", "unset: embedded Redis",
                            "external Redis as redis://host:port (rediss:// for TLS), or none to run without a cache")
                            .or("REDIS_URL"),
                    new Setting("OBSERVATORY_DATA_DIR", "./" + STORAGE.dataDir(),
                            "embedded database data and ports.json"))),
            new Group("Servers", List.of(
                    new Setting(ServerConfig.BIND_ADDRESS, SERVER.bindAddress(),
                            "address the servers listen on; 0.0.0.0 for every interface"),
                    new Setting(ServerConfig.MANAGEMENT_PORT, SERVER.managementPort(),
                            "health probes and metrics; 0 picks a free port"),
                    new Setting(ServerConfig.INSTANCE, "host name and management port",
                            "the instance label on every metric"),
                    new Setting(ServerConfig.OTLP_HTTP_PORT, SERVER.otlpHttpPort(),
                            "OTLP over HTTP; 0 picks a free port"),
                    new Setting(ServerConfig.OTLP_GRPC_PORT, SERVER.otlpGrpcPort(),
                            "OTLP over gRPC; 0 picks a free port"),
                    new Setting(ServerConfig.API_PORT, SERVER.apiPort(),
                            "query API; 0 picks a free port"))),
            new Group("Limits and timeouts", List.of(
                    new Setting("OBSERVATORY_POOL_SIZE", STORAGE.poolSize(),
                            "most PostgreSQL connections held (at least 2); a request waits at most 5 s for one,"
                                    + " then gets 503"),
                    new Setting("OBSERVATORY_QUERY_TIMEOUT_MS", STORAGE.queryTimeout().toMillis(),
                            "PostgreSQL statement_timeout of every statement (queries and writes, at least 100);"
                                    + " a query cancelled by it answers 503"),
                    new Setting(ServerConfig.ACK_TIMEOUT, SERVER.ackTimeout().toMillis(),
                            "how long an OTLP request waits for its items to commit before it is answered 503 /"
                                    + " UNAVAILABLE with Retry-After (at least 100); below the OpenTelemetry"
                                    + " exporters' 10 s timeout, so they read the answer instead of timing out."
                                    + " A gRPC call waits no longer than the deadline its client sent. While a write"
                                    + " has gone unconfirmed for longer than this (a database that hangs without an"
                                    + " error), new requests are refused at once with 503 and Retry-After"),
                    new Setting(ServerConfig.SHUTDOWN_TIMEOUT, SERVER.shutdownTimeout().toMillis(),
                            "the longest serve takes to exit after SIGTERM or Ctrl-C, whatever the database does"
                                    + " (at least 1000): past it, the service logs how many buffered items it could"
                                    + " not write (never acknowledged, so their senders send them again), ends an"
                                    + " embedded PostgreSQL with SIGKILL (it recovers at its next start) and exits"
                                    + " with status 1"),
                    new Setting(ServerConfig.MAX_BODY_BYTES, SERVER.maxBodyBytes(),
                            "the largest OTLP request body after decompression, and the largest gRPC message, from"
                                    + " 65536 to 67108864; a larger one is refused with 413 / RESOURCE_EXHAUSTED while"
                                    + " it is read"),
                    new Setting(ServerConfig.QUERY_CACHE_TTL, SERVER.queryCacheTtl().toMillis(),
                            "how long a usage or metric series answer is served from Redis before it is asked"
                                    + " of PostgreSQL again (at least 1)"))),
            new Group("Batching writer", List.of(
                    new Setting("OBSERVATORY_BATCH_SIZE", WRITER.batchSize(),
                            "writer tuning: items per batch written to PostgreSQL"),
                    new Setting("OBSERVATORY_FLUSH_INTERVAL_MS", WRITER.flushInterval().toMillis(),
                            "writer tuning: how long a free flush slot lets a partial batch wait for more items;"
                                    + " 0 writes what waits at once (group commit: a request waits for its own"
                                    + " commit, and batches grow while both flush slots are busy)"),
                    new Setting("OBSERVATORY_BUFFER_CAPACITY", WRITER.bufferCapacity(),
                            "writer tuning: items buffered before new writes are refused (at least the batch size)"),
                    new Setting("OBSERVATORY_WRITE_METHOD", lowerCase(WRITER.method()),
                            "writer tuning: copy, insert, or auto (COPY for large batches, INSERT for small"
                                    + " ones)"))),
            new Group("Retention", List.of(
                    new Setting("OBSERVATORY_RETENTION_DAYS", RETENTION.spans().toDays(),
                            "days of spans, logs and metrics kept; older daily partitions are dropped, once an"
                                    + " hour; ./observatory retention run [--days N] drops them now (to free disk"
                                    + " space at once) and says how much it freed"),
                    new Setting("OBSERVATORY_ROLLUP_RETENTION_DAYS", RETENTION.rollups().toDays(),
                            "days of hourly usage rollups kept (what /api/v1/usage reads for whole hours); older"
                                    + " hours are deleted (five-minute rollups go with the spans)"))),
            new Group("Security", List.of(
                    new Setting(RateLimit.RATE, whole(RateLimit.fromEnvironment(Map.of()).perSecond()) + " (off)",
                            "requests per second allowed per API key (and for the anonymous principal), over"
                                    + " OTLP and the query API together; over it: 429 with Retry-After, or gRPC"
                                    + " RESOURCE_EXHAUSTED with RetryInfo"),
                    new Setting(RateLimit.BURST, "the rate, rounded up",
                            "requests a key may make at once after a quiet spell (the token bucket size)"),
                    new Setting(AccessPolicy.VARIABLE, lowerCase(AccessPolicy.parse(null)),
                            "auto: open until the first API key is created, keyed from then on (see API keys);"
                                    + " keys: every request needs an active key, from the start"),
                    new Setting(DetailsVisibility.VARIABLE, lowerCase(DetailsVisibility.parse(null)),
                            "who sees the components of /health and the checks of /health/ready: always, never,"
                                    + " or when-authorised (only requests with a valid API key); the others get the"
                                    + " status alone, with the same status code"),
                    new Setting(Redaction.KINDS, "off",
                            "personal data removed from prompts, completions, span events and log bodies before"
                                    + " storage: a comma list of emails, phones, cards (Luhn-checked); each match"
                                    + " becomes [redacted:<kind>]"),
                    new Setting(Redaction.PATTERNS, "unset",
                            "more regular expressions to redact (Java syntax, one per line), replaced by"
                                    + " [redacted:custom]"))));

    private Settings() {
    }

    /** Every setting, group after group. */
    public static List<Setting> all() {
        return GROUPS.stream().flatMap(group -> group.settings().stream()).toList();
    }

    private static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static String whole(double value) {
        return String.valueOf((long) value);
    }
}
