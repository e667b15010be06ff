package org.llmobservatory.storage.metrics;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.llmobservatory.storage.StorageObservers;
import org.llmobservatory.storage.config.WriteMethod;
import org.llmobservatory.storage.error.ErrorType;
import org.llmobservatory.storage.pool.PoolServer;
import org.llmobservatory.storage.query.QueryObserver;
import org.llmobservatory.storage.query.RepositoryKind;
import org.llmobservatory.storage.rollup.RollupObserver;
import org.llmobservatory.storage.schema.TableSizes;
import org.llmobservatory.storage.writer.FlushTrigger;
import org.llmobservatory.storage.writer.WriteObserver;
import org.llmobservatory.storage.writer.WriterType;

/**
 * The storage layer's twenty-three metric families on a Micrometer registry (normally Prometheus). It is
 * the writers' {@link WriteObserver} and the repositories' {@link QueryObserver}, and supplies
 * HikariCP's tracker factory and the usage rollups' {@link RollupObserver}, so instrumenting storage
 * is passing {@link #observers()} in. Every meter is
 * registered with its HELP text when this object is built, and every label combination known ahead
 * starts at zero, so rates work from the first scrape. Nothing here is static: two instances on two
 * registries are independent.
 */
public final class StorageMetrics implements WriteObserver, QueryObserver {

    private final MeterRegistry registry;
    private final WriteMeters writes;
    private final QueryMeters queries;
    private final RollupMeters rollups;
    private final ReadMeters reads;
    private final DiskMeters disk;
    private final Map<ErrorType, Map<String, Counter>> errors = new EnumMap<>(ErrorType.class);
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();
    private final Map<WriterType, Set<IntSupplier>> buffers = new EnumMap<>(WriterType.class);
    /** Restarts of the embedded PostgreSQL, once one is watched; 0 with an external database. */
    private volatile LongSupplier embeddedRestarts = () -> 0;

    public StorageMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.writes = new WriteMeters(registry);
        this.queries = new QueryMeters(registry);
        this.rollups = new RollupMeters(registry);
        this.reads = new ReadMeters(registry);
        this.disk = new DiskMeters(registry);
        for (ErrorType type : ErrorType.values()) {
            Map<String, Counter> byOperation = new ConcurrentHashMap<>();
            for (String operation : Operations.ALL) {
                byOperation.put(operation, Counter.builder("storage.errors")
                        .description("Storage failures by kind (from the SQLState class) and operation")
                        .tags("error_type", type.label(), "operation", operation)
                        .register(registry));
            }
            errors.put(type, byOperation);
        }
        for (WriteMethod method : Operations.WRITE_METHODS) {
            String op = Operations.of(method);
            retries.put(op, Counter.builder("storage.retries")
                    .description("Batches written again after a transient failure, by write operation")
                    .tag("operation", op)
                    .register(registry));
        }
        for (WriterType writer : WriterType.values()) {
            Set<IntSupplier> open = new CopyOnWriteArraySet<>();
            buffers.put(writer, open);
            // Held strongly: the registry must keep reporting even when nobody else holds this object.
            Gauge.builder("storage.buffer.size", open, StorageMetrics::sum)
                    .strongReference(true)
                    .description("Items accepted by the writers and not yet committed")
                    .tag("writer_type", writer.label())
                    .register(registry);
        }
        // Registered whether or not the database is embedded, so every service exposes the same families. Micrometer
        // holds the state object weakly: the registry is alive whenever it is scraped, and the function holds this.
        FunctionCounter.builder("storage.embedded.database.restarts", registry, r -> embeddedRestarts.getAsLong())
                .description("Restarts of the embedded PostgreSQL after it died (always 0 with an external database)")
                .register(registry);
        // The primary's pool is always there: its acquire histogram exists from the start, like every family.
        PoolMetrics.acquireTimer(registry, PoolServer.PRIMARY);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Reports {@code restarts} (the embedded PostgreSQL's) in {@code storage_embedded_database_restarts_total}. */
    public void watchEmbeddedDatabase(LongSupplier restarts) {
        this.embeddedRestarts = restarts;
    }

    /**
     * Reports the filesystem holding {@code dataDirectory} (the embedded database's) in
     * {@code storage_data_filesystem_avail_bytes} and {@code storage_data_filesystem_size_bytes}.
     */
    public void watchDataDirectory(Path dataDirectory) throws IOException {
        disk.watchDataDirectory(dataDirectory);
    }

    /** Reports {@code latest} table sizes in {@code storage_table_size_bytes} and {@code storage_table_partitions}. */
    public void watchTables(Supplier<Map<String, TableSizes.TableSize>> latest) {
        disk.watchTables(latest);
    }

    /**
     * HikariCP's tracker factory, for every pool of the storage: records {@code storage_connection_acquire_duration_seconds}
     * on every acquire and {@code storage_pool_connections}, labelled by {@code server}, and keeps HikariCP's own
     * {@code hikaricp_*} meters.
     */
    public MetricsTrackerFactory poolTrackers() {
        return new PoolMetrics(registry);
    }

    /** Counts the writer's buffered items into {@code storage_buffer_size} while it is open. */
    @Override
    public void writerOpened(WriterType writer, IntSupplier buffered) {
        buffers.get(writer).add(buffered);
    }

    @Override
    public void writerClosed(WriterType writer, IntSupplier buffered) {
        buffers.get(writer).remove(buffered);
    }

    /** Lettuce's command latency recorder, publishing Redis command latency on this registry. */
    public CommandLatencyRecorder redisLatency() {
        return new MicrometerCommandLatencyRecorder(registry,
                MicrometerOptions.builder().histogram(true).targetPercentiles(new double[0]).build());
    }

    /** The usage rollups' maintenance reports here: {@code storage_rollup_*}. */
    public RollupObserver rollups() {
        return rollups;
    }

    /** Everything needed to open instrumented storage: {@code Storage.open(config, metrics.observers())}. */
    public StorageObservers observers() {
        return new StorageObservers(poolTrackers(), redisLatency(), this, this, rollups, reads);
    }

    @Override
    public void committed(WriterType writer, WriteMethod method, int items, int inserted, int events, long nanos) {
        writes.committed(writer, method, items, inserted, events, nanos);
    }

    @Override
    public void failed(WriterType writer, WriteMethod method, int items, ErrorType error, long nanos) {
        writes.failed(writer, method, nanos);
        errors.get(error).get(Operations.of(method)).increment();
    }

    @Override
    public void retrying(WriterType writer, WriteMethod method, ErrorType error, int attempt, long backoffNanos) {
        retries.get(Operations.of(method)).increment();
    }

    @Override
    public void flushed(WriterType writer, FlushTrigger trigger, boolean success, int items) {
        writes.flushed(writer, trigger, success);
    }

    @Override
    public void queryCompleted(RepositoryKind repository, String method, long nanos, int resultCount) {
        queries.completed(repository, method, nanos, resultCount);
    }

    @Override
    public void queryFailed(RepositoryKind repository, String method, ErrorType error, long nanos) {
        errors.get(error).get(Operations.QUERY).increment();
    }

    private static double sum(Set<IntSupplier> suppliers) {
        int total = 0;
        for (IntSupplier s : suppliers) {
            total += s.getAsInt();
        }
        return total;
    }

    static DistributionSummary.Builder summary(String name, String description, double[] buckets) {
        return DistributionSummary.builder(name).description(description).serviceLevelObjectives(buckets);
    }
}
