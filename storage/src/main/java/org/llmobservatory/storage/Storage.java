package org.llmobservatory.storage;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.llmobservatory.storage.auth.AccessPolicy;
import org.llmobservatory.storage.auth.ApiKeys;
import org.llmobservatory.storage.cache.RedisConnection;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.cost.CostCalculator;
import org.llmobservatory.storage.cost.PriceCatalog;
import org.llmobservatory.storage.cost.PriceSeeder;
import org.llmobservatory.storage.cost.SpanPricing;
import org.llmobservatory.storage.health.HealthCheck;
import org.llmobservatory.storage.health.ReadinessCheck;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.query.QueryObserver;
import org.llmobservatory.storage.replica.ReadRouting;
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
 * The storage layer, assembled on a running PostgreSQL (and Redis, when one is configured): the pool,
 * the migrated schema and its partition maintenance, the writers and the repositories. {@link #close()} drains the
 * writers first and then shuts everything else down in order.
 */
public final class Storage implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Storage.class);
    /** How often committed batches' usage deltas are folded into the hourly rollups. */
    static final int ROLLUP_PERIOD_SECONDS = 10;
    static final Duration ROLLUP_PERIOD = Duration.ofSeconds(ROLLUP_PERIOD_SECONDS);
    /** How often the size of each telemetry table is read from the catalog. */
    static final Duration TABLE_SIZES_PERIOD = Duration.ofMinutes(1);

    private final StorageConfig config;
    private final StoragePool pool;
    private final ReadRouting reads;
    private final Migrations migrations;
    private final PartitionManager partitions;
    private final PartitionMaintenance maintenance;
    private final RollupMaintenance rollups;
    private final Optional<String> redisUrl;
    private final RedisConnection redis;
    private final PriceCatalog prices;
    private final TraceWriter traceWriter;
    private final LogWriter logWriter;
    private final MetricWriter metricWriter;
    private final WriteAvailability writeAvailability = new WriteAvailability();
    private final TraceRepository traceRepository;
    private final LogRepository logRepository;
    private final MetricRepository metricRepository;
    private final TableSizes tableSizes;
    private final QueryObserver queries;

    private Storage(StorageConfig config, StoragePool pool, ReadRouting reads, Migrations migrations, PartitionManager partitions, PartitionMaintenance maintenance,
            RollupMaintenance rollups, Optional<String> redisUrl, RedisConnection redis, PriceCatalog prices, StorageObservers observers) {
        this.config = config;
        this.pool = pool;
        this.reads = reads;
        this.migrations = migrations;
        this.partitions = partitions;
        this.maintenance = maintenance;
        this.rollups = rollups;
        this.redisUrl = redisUrl;
        this.redis = redis;
        this.prices = prices;
        WriteObserver writes = observers.writes().andThen(writeAvailability);
        this.traceWriter = new TraceWriter(pool, partitions, config.writer(), writes, new SpanPricing(new CostCalculator(prices)));
        this.logWriter = new LogWriter(pool, partitions, config.writer(), writes);
        this.metricWriter = new MetricWriter(pool, partitions, config.writer(), writes);
        this.traceRepository = new TraceRepository(reads, reads, observers.queries());
        this.logRepository = new LogRepository(reads, reads, observers.queries());
        this.metricRepository = new MetricRepository(reads, reads, observers.queries());
        this.queries = observers.queries();
        this.tableSizes = new TableSizes(pool.dataSource(), queries).start(TABLE_SIZES_PERIOD);
    }

    /** Opens storage with no instrumentation. */
    public static Storage open(StorageConfig config) {
        return open(config, StorageObservers.NONE);
    }

    /**
     * Opens storage on the configured databases: the pool, migrations, today's and the next days' partitions, and
     * the writers, each reporting to its observer. The library starts no server: for a local PostgreSQL or Redis,
     * start {@code EmbeddedDatabase} and {@code EmbeddedCache} (module observatory-storage-embedded) and configure
     * their addresses.
     *
     * @throws IllegalArgumentException when the configuration names no database, or an embedded Redis
     */
    public static Storage open(StorageConfig config, StorageObservers observers) {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            var url = config.database().orElseThrow(() -> new IllegalArgumentException("no database configured:"
                    + " give StorageConfig a database URL (an EmbeddedDatabase's jdbcUrl() for a local one)"));
            String user = config.user().or(url::user).orElse(null);
            String password = config.password().or(url::password).orElse(null);
            Optional<String> redisUrl = switch (config.redis()) {
                case RedisTarget.External external -> Optional.of(external.url());
                case RedisTarget.Disabled disabled -> Optional.empty();
                case RedisTarget.Embedded embedded -> throw new IllegalArgumentException("an embedded Redis is"
                        + " started by its owner: give StorageConfig an EmbeddedCache's url() as an external one");
            };
            StoragePool.Settings poolSettings = new StoragePool.Settings(url.jdbcUrl(), user, password,
                    config.poolSize(), config.connectTimeout(), config.queryTimeout(), observers.pool())
                    .withProperties(config.tls().properties());
            StoragePool pool = StoragePool.open(poolSettings);
            opened.add(pool);
            RedisConnection redis = null;
            if (redisUrl.isPresent()) {
                redis = RedisConnection.open(redisUrl.get(), Duration.ofSeconds(2), observers.redisLatency());
                opened.add(redis);
            }
            Migrations migrations = new Migrations(pool.dataSource());
            migrations.apply();
            new PriceSeeder(pool.dataSource(), observers.queries()).seed();
            PriceCatalog prices = new PriceCatalog(pool.dataSource(), PriceCatalog.DEFAULT_REFRESH_INTERVAL,
                    observers.queries()).start();
            opened.add(prices);
            PartitionManager partitions = new PartitionManager(pool.dataSource(), observers.queries());
            PartitionMaintenance maintenance = new PartitionMaintenance(partitions, config.retention(),
                    Clock.systemUTC());
            maintenance.start(60);
            opened.add(maintenance);
            RollupMaintenance rollups = new RollupMaintenance(pool.dataSource(), config.retention(),
                    Clock.systemUTC(), observers.rollups()).start(ROLLUP_PERIOD);
            opened.add(rollups);
            ReadRouting reads = config.readReplica()
                    .map(replica -> ReadRouting.withReplica(pool.dataSource(), replica, poolSettings, observers.reads()))
                    .orElseGet(() -> ReadRouting.primaryOnly(pool.dataSource(), observers.reads()));
            opened.add(reads);
            log.info("storage open on {}{}", pool.jdbcUrl(),
                    reads.replicaUrl().map(replica -> ", query reads on the replica " + replica).orElse(""));
            return new Storage(config, pool, reads, migrations, partitions, maintenance,
                    rollups, redisUrl, redis, prices, observers);
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    public StorageConfig config() {
        return config;
    }

    /**
     * Folds into the usage rollups every delta committed so far, without waiting for the next fold (every
     * {@value #ROLLUP_PERIOD_SECONDS} s); returns the deltas folded. For a caller that must read settled usage, such
     * as a benchmark right after a bulk load.
     */
    public long foldRollups() throws SQLException {
        return rollups.foldAll();
    }

    /** {@code /health}'s components of this storage, each given at most {@code timeout}. */
    public HealthCheck healthCheck(Duration timeout) {
        return new HealthCheck(this, pool::connection, pool.jdbcUrl(), pool::stats, timeout);
    }

    /** {@code /health/ready}'s checks: the database answers, its schema is current, and not {@code draining}. */
    public ReadinessCheck readinessCheck(BooleanSupplier draining, Duration timeout) {
        return new ReadinessCheck(pool::connection, migrations::current, draining, timeout);
    }

    /**
     * The disk each telemetry table takes and its number of partitions, as last read (every minute; empty before the
     * first read), by table name ({@link TableSizes#TABLES}).
     */
    public Map<String, TableSizes.TableSize> tableSizes() {
        return tableSizes.latest();
    }

    /** Where the query reads go (the read replica while it keeps up, else the primary) and the replica's state. */
    public ReadRouting reads() {
        return reads;
    }

    /** Whether the database is known to refuse writes now, as the writers found it. */
    public WriteAvailability writeAvailability() {
        return writeAvailability;
    }

    /**
     * Writes spans; acknowledge a client only once its future completes. A model call written without a cost gets
     * the price table's ({@link SpanPricing}).
     */
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

    /**
     * The API keys kept in this database and the access mode they decide, read again at most every
     * {@link ApiKeys#RECHECK}; {@code policy} {@link AccessPolicy#KEYS} requires a key whatever the stored mode.
     */
    public ApiKeys keys(AccessPolicy policy) {
        return new ApiKeys(pool.dataSource(), ApiKeys.RECHECK, policy, queries);
    }

    /** The JDBC URL of the database in use, any password in it masked: safe to log. */
    public String databaseUrl() {
        return pool.jdbcUrl();
    }

    /** The connection to the query cache, when Redis is configured. */
    public Optional<RedisConnection> redis() {
        return Optional.ofNullable(redis);
    }

    /** The Redis in use, if any. */
    public Optional<String> redisUrl() {
        return redisUrl;
    }

    /** Drains the writers, stops maintenance, then closes the pool and the Redis connection. */
    @Override
    public void close() {
        // In the order of opening; closeAll closes from the last one back.
        List<AutoCloseable> parts = new ArrayList<>();
        parts.add(pool);
        parts.add(reads);
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
