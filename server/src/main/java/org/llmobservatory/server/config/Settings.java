package org.llmobservatory.server.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.llmobservatory.server.ratelimit.RateLimit;
import org.llmobservatory.server.redaction.Redaction;
import org.llmobservatory.storage.auth.AccessPolicy;
import org.llmobservatory.storage.config.DatabaseTls;
import org.llmobservatory.storage.config.DatabaseUrl;
import org.llmobservatory.storage.config.ReadReplica;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.Retention;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.config.WriteMethod;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.health.DetailsVisibility;

/**
 * Every environment variable the service reads, each with its default, how its text is read and checked, and its
 * words for {@code serve --help} and the README's settings table, grouped in the table's order. This is the one place
 * a variable is named; {@link Environment} builds the configurations from these settings.
 */
public final class Settings {

    /** Settings that belong together, under a title of a few words. */
    public record Group(String title, List<Setting<?>> settings) {
        public Group {
            settings = List.copyOf(settings);
        }
    }

    private static final StorageConfig STORAGE = StorageConfig.builder().build();
    private static final WriterSettings WRITER = WriterSettings.DEFAULTS;
    private static final Retention RETENTION = Retention.DEFAULTS;

    // PostgreSQL and Redis
    public static final Setting<Optional<DatabaseUrl>> DATABASE_URL = Setting.of("OBSERVATORY_DATABASE_URL",
            Optional.<DatabaseUrl>empty(), "unset: embedded PostgreSQL",
            "external PostgreSQL, as jdbc:postgresql://host:port/db or postgres://user:password@host:port/db",
            (name, value) -> Optional.of(named(name, () -> DatabaseUrl.parse(value)))).or("DATABASE_URL");
    public static final Setting<Optional<String>> DATABASE_USER = Setting.text("OBSERVATORY_DATABASE_USER",
            "from the URL", "database user; overrides one in the URL");
    public static final Setting<Optional<String>> DATABASE_PASSWORD = Setting.text("OBSERVATORY_DATABASE_PASSWORD",
            "from the URL", "database password; overrides one in the URL; never logged");
    public static final Setting<Optional<String>> DATABASE_SSLMODE = Setting.of("OBSERVATORY_DATABASE_SSLMODE",
            Optional.<String>empty(), "pgjdbc's default (prefer)",
            "TLS to PostgreSQL: disable, allow, prefer, require, verify-ca or verify-full",
            (name, value) -> {
                String mode = value.toLowerCase(Locale.ROOT);
                if (!DatabaseTls.MODES.contains(mode)) {
                    throw Setting.refused(name, "disable, allow, prefer, require, verify-ca or verify-full", value);
                }
                return Optional.of(mode);
            });
    public static final Setting<Optional<Path>> DATABASE_SSLROOTCERT = Setting.of("OBSERVATORY_DATABASE_SSLROOTCERT",
            Optional.<Path>empty(), "unset",
            "CA certificate (PEM) the PostgreSQL server's certificate must chain to; alone it implies verify-full",
            (name, value) -> {
                Path cert = Path.of(value);
                if (!Files.isReadable(cert)) {
                    throw Setting.refused(name, "a readable PEM file", value);
                }
                return Optional.of(cert);
            });
    public static final Setting<Optional<DatabaseUrl>> DATABASE_READ_URL = Setting.of("OBSERVATORY_DATABASE_READ_URL",
            Optional.<DatabaseUrl>empty(), "unset: reads on the primary",
            "a streaming replica of that PostgreSQL for the query reads (traces, spans, logs, metrics, usage),"
                    + " in the same forms; writes, migrations, upkeep and API keys stay on the primary, and reads go"
                    + " back to it while the replica is down or lagging",
            (name, value) -> Optional.of(named(name, () -> DatabaseUrl.parse(value))));
    public static final Setting<Optional<String>> DATABASE_READ_USER = Setting.text("OBSERVATORY_DATABASE_READ_USER",
            "from the read URL, else the primary's", "the read replica's database user");
    public static final Setting<Optional<String>> DATABASE_READ_PASSWORD = Setting.text(
            "OBSERVATORY_DATABASE_READ_PASSWORD", "from the read URL, else the primary's",
            "the read replica's password; never logged");
    public static final Setting<Duration> DATABASE_READ_MAX_LAG = Setting.millisAtLeast(
            "OBSERVATORY_DATABASE_READ_MAX_LAG_MS", ReadReplica.DEFAULT_MAX_LAG, 100,
            "replay lag of the read replica (at least 100) past which reads go to the primary until it catches up");
    public static final Setting<RedisTarget> REDIS_URL = Setting.of("OBSERVATORY_REDIS_URL", STORAGE.redis(),
            "unset: embedded Redis",
            "external Redis as redis://host:port (rediss:// for TLS), or none to run without a cache",
            (name, value) -> named(name, () -> RedisTarget.parse(value))).or("REDIS_URL");
    public static final Setting<Path> DATA_DIR = Setting.of("OBSERVATORY_DATA_DIR", STORAGE.dataDir(),
            "./" + STORAGE.dataDir(), "embedded database data and ports.json", (name, value) -> Path.of(value));

    // Servers
    public static final Setting<String> BIND_ADDRESS = Setting.of("OBSERVATORY_BIND_ADDRESS", "127.0.0.1",
            "address the servers listen on; 0.0.0.0 for every interface", (name, value) -> value).blankIsAValue();
    public static final Setting<Integer> MANAGEMENT_PORT = port("OBSERVATORY_MANAGEMENT_PORT", 9090,
            "health probes and metrics; 0 picks a free port");
    public static final Setting<Optional<String>> INSTANCE = Setting.text("OBSERVATORY_INSTANCE",
            "host name and management port", "the instance label on every metric");
    public static final Setting<Integer> OTLP_HTTP_PORT = port("OBSERVATORY_OTLP_HTTP_PORT", 4318,
            "OTLP over HTTP; 0 picks a free port");
    public static final Setting<Integer> OTLP_GRPC_PORT = port("OBSERVATORY_OTLP_GRPC_PORT", 4317,
            "OTLP over gRPC; 0 picks a free port");
    public static final Setting<Integer> API_PORT = port("OBSERVATORY_API_PORT", 8080,
            "query API; 0 picks a free port");

    // Limits and timeouts
    public static final Setting<Integer> POOL_SIZE = Setting.atLeast("OBSERVATORY_POOL_SIZE", STORAGE.poolSize(),
            StorageConfig.MIN_POOL_SIZE, "most PostgreSQL connections held (at least " + StorageConfig.MIN_POOL_SIZE
                    + "); a request waits at most 5 s for one, then gets 503");
    public static final Setting<Duration> CONNECT_TIMEOUT = Setting.millisAtLeast("OBSERVATORY_CONNECT_TIMEOUT_MS",
            STORAGE.connectTimeout(), 0, "how long serve keeps trying to reach PostgreSQL at start-up before it"
                    + " gives up, naming the host and port; 0 tries once");
    public static final Setting<Duration> QUERY_TIMEOUT = Setting.millisAtLeast("OBSERVATORY_QUERY_TIMEOUT_MS",
            STORAGE.queryTimeout(), 100, "PostgreSQL statement_timeout of every statement (queries and writes, at"
                    + " least 100); a query cancelled by it answers 503");
    public static final Setting<Duration> ACK_TIMEOUT = Setting.millis("OBSERVATORY_ACK_TIMEOUT_MS",
            Duration.ofSeconds(8), "how long an OTLP request waits for its items to commit before it is answered"
                    + " 503 / UNAVAILABLE with Retry-After (at least 100); below the OpenTelemetry exporters' 10 s"
                    + " timeout, so they read the answer instead of timing out. A gRPC call waits no longer than the"
                    + " deadline its client sent. While a write has gone unconfirmed for longer than this (a database"
                    + " that hangs without an error), new requests are refused at once with 503 and Retry-After");
    public static final Setting<Duration> SHUTDOWN_TIMEOUT = Setting.millis("OBSERVATORY_SHUTDOWN_TIMEOUT_MS",
            Duration.ofSeconds(15), "the longest serve takes to exit after SIGTERM or Ctrl-C, whatever the database"
                    + " does (at least 1000): past it, the service logs how many buffered items it could not write"
                    + " (never acknowledged, so their senders send them again), ends an embedded PostgreSQL with"
                    + " SIGKILL (it recovers at its next start) and exits with status 1");
    public static final Setting<Integer> MAX_BODY_BYTES = Setting.of("OBSERVATORY_MAX_BODY_BYTES", 8 * 1024 * 1024,
            "the largest OTLP request body after decompression, and the largest gRPC message, from "
                    + ServerConfig.MIN_MAX_BODY_BYTES + " to " + ServerConfig.MAX_MAX_BODY_BYTES + "; a larger one is"
                    + " refused with 413 / RESOURCE_EXHAUSTED while it is read",
            (name, value) -> whole(name, value, "a number of bytes from " + ServerConfig.MIN_MAX_BODY_BYTES + " to "
                    + ServerConfig.MAX_MAX_BODY_BYTES));
    public static final Setting<Duration> QUERY_CACHE_TTL = Setting.millis("OBSERVATORY_QUERY_CACHE_TTL_MS",
            Duration.ofSeconds(30), "how long a usage or metric series answer is served from Redis before it is"
                    + " asked of PostgreSQL again (at least 1)");

    // Batching writer
    public static final Setting<Integer> BATCH_SIZE = Setting.atLeast("OBSERVATORY_BATCH_SIZE", WRITER.batchSize(), 1,
            "writer tuning: items per batch written to PostgreSQL");
    public static final Setting<Duration> FLUSH_INTERVAL = Setting.millisAtLeast("OBSERVATORY_FLUSH_INTERVAL_MS",
            WRITER.flushInterval(), 0, "writer tuning: how long a free flush slot lets a partial batch wait for more"
                    + " items; 0 writes what waits at once (group commit: a request waits for its own commit, and"
                    + " batches grow while both flush slots are busy)");
    public static final Setting<Integer> BUFFER_CAPACITY = Setting.atLeast("OBSERVATORY_BUFFER_CAPACITY",
            WRITER.bufferCapacity(), 1,
            "writer tuning: items buffered before new writes are refused (at least the batch size)");
    public static final Setting<WriteMethod> WRITE_METHOD = Setting.of("OBSERVATORY_WRITE_METHOD", WRITER.method(),
            lowerCase(WRITER.method()),
            "writer tuning: copy, insert, or auto (COPY for large batches, INSERT for small ones)",
            (name, value) -> choice(name, value, WriteMethod.class, "auto, copy or insert"));

    // Retention
    public static final Setting<Duration> RETENTION_DAYS = Setting.days("OBSERVATORY_RETENTION_DAYS",
            RETENTION.spans(), "days of spans, logs and metrics kept; older daily partitions are dropped, once an"
                    + " hour; ./observatory retention run [--days N] drops them now (to free disk space at once) and"
                    + " says how much it freed");
    public static final Setting<Duration> ROLLUP_RETENTION_DAYS = Setting.days("OBSERVATORY_ROLLUP_RETENTION_DAYS",
            RETENTION.rollups(), "days of hourly usage rollups kept (what /api/v1/usage reads for whole hours);"
                    + " older hours are deleted (five-minute rollups go with the spans)");

    // Security
    public static final Setting<Double> RATE_LIMIT = Setting.of("OBSERVATORY_RATE_LIMIT",
            RateLimit.off().perSecond(), whole(RateLimit.off().perSecond()) + " (off)",
            "requests per second allowed per API key (and for the anonymous principal), over OTLP and the query API"
                    + " together; over it: 429 with Retry-After, or gRPC RESOURCE_EXHAUSTED with RetryInfo",
            (name, value) -> {
                double rate = number(name, value);
                if (!(rate >= 0) || Double.isInfinite(rate)) {
                    throw Setting.refused(name, "a number of requests per second, 0 or more (0 turns limiting off)",
                            value);
                }
                return rate;
            });
    public static final Setting<Optional<Integer>> RATE_BURST = Setting.of("OBSERVATORY_RATE_BURST",
            Optional.<Integer>empty(), "the rate, rounded up",
            "requests a key may make at once after a quiet spell (the token bucket size)",
            (name, value) -> {
                double burst = number(name, value);
                if (burst != Math.rint(burst)) {
                    throw Setting.refused(name, "a whole number of requests", value);
                }
                if (burst < 1) {
                    throw Setting.refused(name, "at least 1", value);
                }
                return Optional.of((int) Math.min(burst, Integer.MAX_VALUE));
            });
    public static final Setting<AccessPolicy> AUTH = Setting.of("OBSERVATORY_AUTH", AccessPolicy.AUTO,
            lowerCase(AccessPolicy.AUTO), "auto: open until the first API key is created, keyed from then on (see API"
                    + " keys); keys: every request needs an active key, from the start",
            (name, value) -> switch (value.toLowerCase(Locale.ROOT)) {
                case "auto" -> AccessPolicy.AUTO;
                case "keys" -> AccessPolicy.KEYS;
                case "open" -> throw new IllegalArgumentException(name + " must be auto or keys, got: open. A service"
                        + " is open only while it has never had a key, or after 'observatory access open'");
                default -> throw Setting.refused(name, "auto (open until the first API key is created) or keys (a key"
                        + " is always required)", value);
            });
    public static final Setting<DetailsVisibility> HEALTH_DETAILS = Setting.of("OBSERVATORY_HEALTH_DETAILS",
            DetailsVisibility.ALWAYS, lowerCase(DetailsVisibility.ALWAYS), "who sees the components of /health and"
                    + " the checks of /health/ready: always, never, or when-authorised (only requests with a valid API"
                    + " key); the others get the status alone, with the same status code",
            (name, value) -> switch (value.toLowerCase(Locale.ROOT)) {
                case "always" -> DetailsVisibility.ALWAYS;
                case "never" -> DetailsVisibility.NEVER;
                case "when-authorised", "when-authorized" -> DetailsVisibility.WHEN_AUTHORISED;
                default -> throw Setting.refused(name, "always, never or when-authorised", value);
            });
    public static final Setting<Set<String>> REDACT = Setting.of("OBSERVATORY_REDACT", Set.<String>of(), "off",
            "personal data removed from prompts, completions, span events and log bodies before storage: a comma list"
                    + " of emails, phones, cards (Luhn-checked); each match becomes [redacted:<kind>]",
            (name, value) -> {
                Set<String> kinds = new LinkedHashSet<>();
                for (String kind : value.split(",")) {
                    String k = kind.strip().toLowerCase(Locale.ROOT);
                    if (!k.isEmpty() && !k.equals("off")) {
                        kinds.add(k);
                    }
                }
                if (!Redaction.KINDS.containsAll(kinds)) {
                    throw Setting.refused(name, "off or a comma list of emails, phones and cards", value);
                }
                return Set.copyOf(kinds);
            });
    public static final Setting<List<Pattern>> REDACT_PATTERNS = Setting.of("OBSERVATORY_REDACT_PATTERNS",
            List.<Pattern>of(), "unset",
            "more regular expressions to redact (Java syntax, one per line), replaced by [redacted:custom]",
            (name, value) -> {
                List<Pattern> patterns = new ArrayList<>();
                for (String line : value.split("\\R")) {
                    if (!line.isBlank()) {
                        try {
                            patterns.add(Pattern.compile(line.strip()));
                        } catch (PatternSyntaxException e) {
                            throw new IllegalArgumentException(name + " holds a pattern that does not compile: "
                                    + e.getDescription() + " in " + line.strip());
                        }
                    }
                }
                return List.copyOf(patterns);
            });

    public static final List<Group> GROUPS = List.of(
            new Group("PostgreSQL and Redis", List.of(DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD,
                    DATABASE_SSLMODE, DATABASE_SSLROOTCERT, DATABASE_READ_URL, DATABASE_READ_USER,
                    DATABASE_READ_PASSWORD, DATABASE_READ_MAX_LAG, REDIS_URL, DATA_DIR)),
            new Group("Servers", List.of(BIND_ADDRESS, MANAGEMENT_PORT, INSTANCE, OTLP_HTTP_PORT, OTLP_GRPC_PORT,
                    API_PORT)),
            new Group("Limits and timeouts", List.of(POOL_SIZE, CONNECT_TIMEOUT, QUERY_TIMEOUT, ACK_TIMEOUT,
                    SHUTDOWN_TIMEOUT, MAX_BODY_BYTES, QUERY_CACHE_TTL)),
            new Group("Batching writer", List.of(BATCH_SIZE, FLUSH_INTERVAL, BUFFER_CAPACITY, WRITE_METHOD)),
            new Group("Retention", List.of(RETENTION_DAYS, ROLLUP_RETENTION_DAYS)),
            new Group("Security", List.of(RATE_LIMIT, RATE_BURST, AUTH, HEALTH_DETAILS, REDACT, REDACT_PATTERNS)));

    private Settings() {
    }

    /** Every setting, group after group. */
    public static List<Setting<?>> all() {
        return GROUPS.stream().flatMap(group -> group.settings().stream()).toList();
    }

    private static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static String whole(double value) {
        return String.valueOf((long) value);
    }

    private static Setting<Integer> port(String name, int fallback, String description) {
        return Setting.of(name, fallback, description,
                (n, value) -> whole(n, value, "a port number from 0 to 65535 (0 picks a free port)"));
    }

    private static int whole(String name, String value, String what) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw Setting.refused(name, what, value);
        }
    }

    private static double number(String name, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw Setting.refused(name, "a number", value);
        }
    }

    private static <E extends Enum<E>> E choice(String name, String value, Class<E> type, String what) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Setting.refused(name, what, value);
        }
    }

    /** Runs a parser, prefixing its complaint with the variable the value came from. */
    private static <T> T named(String name, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }
}
