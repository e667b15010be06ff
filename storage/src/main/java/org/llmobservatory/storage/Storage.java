package org.llmobservatory.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.cost.CostCalculator;
import org.llmobservatory.storage.cost.PriceCatalog;
import org.llmobservatory.storage.cost.PriceSeeder;
import org.llmobservatory.storage.embedded.EmbeddedCache;
import org.llmobservatory.storage.embedded.EmbeddedDatabase;
import org.llmobservatory.storage.pool.RedisConnection;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.repository.LogRepository;
import org.llmobservatory.storage.repository.MetricRepository;
import org.llmobservatory.storage.repository.TraceRepository;
import org.llmobservatory.storage.rollup.RollupMaintenance;
import org.llmobservatory.storage.schema.Migrations;
import org.llmobservatory.storage.schema.PartitionMaintenance;
import org.llmobservatory.storage.schema.PartitionManager;
import org.llmobservatory.storage.schema.TableSizes;
import org.llmobservatory.storage.writer.LogWriter;
import org.llmobservatory.storage.writer.MetricWriter;
import org.llmobservatory.storage.writer.TraceWriter;
import org.llmobservatory.storage.writer.WriteAvailability;
import org.llmobservatory.storage.writer.WriteObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage layer, assembled: databases (embedded ones started when none is configured), the pool,
 * the migrated schema and its partition maintenance, the writers and the repositories. {@link #close()} drains the
 * writers first and then shuts everything else down in order.
 */
public final class Storage implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Storage.class);
    /** How often committed batches' usage deltas are folded into the hourly rollups. */
    static final Duration ROLLUP_PERIOD = Duration.ofSeconds(10);
    /** How often the size of each telemetry table is read from the catalog. */
    static final Duration TABLE_SIZES_PERIOD = Duration.ofMinutes(1);

    private final StorageConfig config;
    private final EmbeddedDatabase embeddedDatabase;
    private final EmbeddedCache embeddedCache;
    private final StoragePool pool;
    private final Migrations migrations;
    private final PartitionManager partitions;
    private final PartitionMaintenance maintenance;
    private final RollupMaintenance rollups;
    private final Optional<String> redisUrl;
    private final RedisConnection redis;
    private final PriceCatalog prices;
    private final CostCalculator costs;
    private final TraceWriter traceWriter;
    private final LogWriter logWriter;
    private final MetricWriter metricWriter;
    private final WriteAvailability writeAvailability = new WriteAvailability();
    private final TraceRepository traceRepository;
    private final LogRepository logRepository;
    private final MetricRepository metricRepository;
    private final TableSizes tableSizes;

    private Storage(StorageConfig config, EmbeddedDatabase embeddedDatabase, EmbeddedCache embeddedCache,
            StoragePool pool, Migrations migrations, PartitionManager partitions, PartitionMaintenance maintenance,
            RollupMaintenance rollups, Optional<String> redisUrl, RedisConnection redis, PriceCatalog prices, StorageObservers observers) {
        this.config = config;
        this.embeddedDatabase = embeddedDatabase;
        this.embeddedCache = embeddedCache;
        this.pool = pool;
        this.migrations = migrations;
        this.partitions = partitions;
        this.maintenance = maintenance;
        this.rollups = rollups;
        this.redisUrl = redisUrl;
        this.redis = redis;
        this.prices = prices;
        this.costs = new CostCalculator(prices);
        WriteObserver writes = observers.writes().andThen(writeAvailability);
        this.traceWriter = new TraceWriter(pool, partitions, config.writer(), writes);
        this.logWriter = new LogWriter(pool, partitions, config.writer(), writes);
        this.metricWriter = new MetricWriter(pool, partitions, config.writer(), writes);
        this.traceRepository = new TraceRepository(pool, observers.queries());
        this.logRepository = new LogRepository(pool, observers.queries());
        this.metricRepository = new MetricRepository(pool, observers.queries());
        this.tableSizes = new TableSizes(pool.dataSource()).start(TABLE_SIZES_PERIOD);
    }

    /** Opens storage with no instrumentation. */
    public static Storage open(StorageConfig config) {
        return open(config, StorageObservers.NONE);
    }

    /**
     * Starts what is needed and opens storage: embedded PostgreSQL and Redis when none is configured,
     * the pool, migrations, today's and the next days' partitions, and the writers, each reporting to
     * its observer.
     */
    public static Storage open(StorageConfig config, StorageObservers observers) {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            EmbeddedDatabase embeddedDb = null;
            String jdbcUrl;
            String user;
            String password;
            if (config.embeddedDatabase()) {
                embeddedDb = EmbeddedDatabase.start(config.dataDir().resolve("postgres"), 0);
                opened.add(embeddedDb);
                embeddedDb.supervise();
                jdbcUrl = embeddedDb.jdbcUrl();
                user = EmbeddedDatabase.USER;
                password = embeddedDb.password();
            } else {
                var url = config.database().orElseThrow();
                jdbcUrl = url.jdbcUrl();
                user = config.user().or(url::user).orElse(null);
                password = config.password().or(url::password).orElse(null);
            }
            EmbeddedCache embeddedCache = null;
            Optional<String> redisUrl = Optional.empty();
            if (config.redis() instanceof RedisTarget.Embedded) {
                embeddedCache = EmbeddedCache.start(0, config.dataDir().resolve("redis"));
                opened.add(embeddedCache);
                redisUrl = Optional.of(embeddedCache.url());
            } else if (config.redis() instanceof RedisTarget.External external) {
                redisUrl = Optional.of(external.url());
            }
            StoragePool pool = StoragePool.open(new StoragePool.Settings(jdbcUrl, user, password, config.poolSize(),
                    config.connectTimeout(), config.queryTimeout(), observers.pool())
                    .withProperties(config.embeddedDatabase() ? Map.of() : config.tls().properties()));
            opened.add(pool);
            RedisConnection redis = null;
            if (redisUrl.isPresent()) {
                redis = RedisConnection.open(redisUrl.get(), Duration.ofSeconds(2), observers.redisLatency());
                opened.add(redis);
            }
            Migrations migrations = new Migrations(pool.dataSource());
            migrations.apply();
            new PriceSeeder(pool.dataSource()).seed();
            PriceCatalog prices = new PriceCatalog(pool.dataSource()).start();
            opened.add(prices);
            PartitionManager partitions = new PartitionManager(pool.dataSource());
            PartitionMaintenance maintenance = new PartitionMaintenance(partitions, config.retention(),
                    Clock.systemUTC());
            maintenance.start(60);
            opened.add(maintenance);
            RollupMaintenance rollups = new RollupMaintenance(pool.dataSource(), config.retention(),
                    Clock.systemUTC(), observers.rollups()).start(ROLLUP_PERIOD);
            opened.add(rollups);
            log.info("storage open on {}{}", pool.jdbcUrl(), embeddedDb != null ? " (embedded)" : "");
            return new Storage(config, embeddedDb, embeddedCache, pool, migrations, partitions, maintenance,
                    rollups, redisUrl, redis, prices, observers);
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    public StorageConfig config() {
        return config;
    }

    public StoragePool pool() {
        return pool;
    }

    public Migrations migrations() {
        return migrations;
    }

    public PartitionManager partitions() {
        return partitions;
    }

    /** The usage rollups' upkeep: folding, rebuilding, retention. */
    public RollupMaintenance rollups() {
        return rollups;
    }

    /** The disk each telemetry table takes, as last read (every minute). */
    public TableSizes tableSizes() {
        return tableSizes;
    }

    /** Whether the database is known to refuse writes now, as the writers found it. */
    public WriteAvailability writeAvailability() {
        return writeAvailability;
    }

    /** Writes spans; acknowledge a client only once its future completes. */
    public TraceWriter traces() {
        return traceWriter;
    }

    /** Writes log records. */
    public LogWriter logs() {
        return logWriter;
    }

    /** Writes metric data points. */
    public MetricWriter metrics() {
        return metricWriter;
    }

    /** Cost of a model call from the price table, for spans whose sender gave none. */
    public CostCalculator costs() {
        return costs;
    }

    /** Reads traces, spans and LLM usage. */
    public TraceRepository traceRepository() {
        return traceRepository;
    }

    /** Reads log records. */
    public LogRepository logRepository() {
        return logRepository;
    }

    /** Reads metric series. */
    public MetricRepository metricRepository() {
        return metricRepository;
    }

    /** The embedded PostgreSQL, when one was started. */
    public Optional<EmbeddedDatabase> embeddedDatabase() {
        return Optional.ofNullable(embeddedDatabase);
    }

    /** The embedded Redis, when one was started. */
    public Optional<EmbeddedCache> embeddedCache() {
        return Optional.ofNullable(embeddedCache);
    }

    /** The connection to the query cache, when Redis is configured. */
    public Optional<RedisConnection> redis() {
        return Optional.ofNullable(redis);
    }

    /** The Redis in use, if any. */
    public Optional<String> redisUrl() {
        return redisUrl;
    }

    /** Stops maintenance, closes the pool, then stops any embedded servers. */
    @Override
    public void close() {
        // In the order of opening; closeAll closes from the last one back.
        List<AutoCloseable> parts = new ArrayList<>();
        if (embeddedDatabase != null) {
            parts.add(embeddedDatabase);
        }
        if (embeddedCache != null) {
            parts.add(embeddedCache);
        }
        parts.add(pool);
        if (redis != null) {
            parts.add(redis);
        }
        parts.add(prices);
        parts.add(maintenance);
        parts.add(rollups);
        parts.add(tableSizes);
        parts.add(metricWriter);
        parts.add(logWriter);
        parts.add(traceWriter);
        closeAll(parts);
    }

    private static void closeAll(List<AutoCloseable> parts) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                log.warn("error while closing {}", parts.get(i).getClass().getSimpleName(), e);
            }
        }
    }
}
