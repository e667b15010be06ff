package org.llmobservatory.bench.ingest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.service.ObservatoryService;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.schema.PartitionManager;

/**
 * What every ingest variant loads into: one running service (OTLP receivers, writers, instrumented
 * storage) on a private embedded PostgreSQL with the migrated, partitioned and indexed {@code spans}
 * table. Variants load the same table, emptied in between, so that they all start from the same state.
 */
final class IngestTarget implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Path dir;
    private final ObservatoryService service;
    /** The writer variants' own pool on the service's database, sized and timed as the service's. */
    private final StoragePool pool;
    private final PartitionManager partitions;

    private IngestTarget(Path dir, ObservatoryService service) {
        this.dir = dir;
        this.service = service;
        StorageConfig config = service.storage().config();
        try {
            this.pool = StoragePool.open(new StoragePool.Settings(config.database().orElseThrow().jdbcUrl(),
                    config.user().orElseThrow(), config.password().orElseThrow(), config.poolSize(),
                    config.connectTimeout(), config.queryTimeout(), null));
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
        this.partitions = new PartitionManager(pool.dataSource());
    }

    static IngestTarget start() throws IOException {
        Path dir = Files.createTempDirectory("observatory-ingest-bench-");
        StorageConfig storage = StorageConfig.builder().dataDir(dir).redis(new RedisTarget.Disabled()).build();
        return new IngestTarget(dir, ObservatoryService.start(new ServerConfig("127.0.0.1", 0, 0, 0, 0), storage));
    }

    StoragePool pool() {
        return pool;
    }

    PartitionManager partitions() {
        return partitions;
    }

    String jdbcUrl() {
        return service.localServers().database().orElseThrow().jdbcUrl();
    }

    /** The embedded database's password, for psql. */
    String password() {
        return service.localServers().database().orElseThrow().password();
    }

    URI otlpHttp() {
        return URI.create("http://127.0.0.1:" + service.ports().otlpHttp() + "/v1/traces");
    }

    int otlpGrpcPort() {
        return service.ports().otlpGrpc();
    }

    /**
     * Transactions the service's trace writer has committed so far ({@code storage_writes_total} of the trace writer
     * with status success, read from its {@code /metrics}): one per batch.
     */
    long traceCommits() throws IOException, InterruptedException {
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(service.managementUrl()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        double commits = 0;
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith("storage_writes_total{") && line.contains("writer_type=\"trace\"")
                    && line.contains("status=\"success\"")) {
                commits += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Math.round(commits);
    }

    /** Spans the service's trace writer holds, accepted and not yet committed. */
    int traceBuffered() {
        return service.storage().traces().buffered();
    }

    /** True while the trace writer has no room for one more span: the service then refuses before decoding. */
    boolean traceBufferFull() {
        return service.storage().traces().full();
    }

    /** Spans the trace writer buffers at most. */
    int traceBufferCapacity() {
        return service.storage().config().writer().bufferCapacity();
    }

    /** Fails unless {@code spans} holds exactly {@code rows} rows: a variant counts only when it stored them all. */
    void expectRows(long rows, String variant) throws SQLException {
        try (Connection c = pool().dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM spans")) {
            rs.next();
            if (rs.getLong(1) != rows) {
                throw new IllegalStateException(variant + " stored " + rs.getLong(1) + " spans, expected " + rows);
            }
        }
    }

    /**
     * Empties {@code spans} and the rollups; its partitions and indexes stay, so the next variant finds the same table.
     * One table at a time, each in a transaction of its own, so that this never holds one table's lock while it waits
     * for another's: the service's background work locks these tables in orders of its own (a rollup fold deltas,
     * then rollups; the table-size sampling spans first), and one TRUNCATE of the three deadlocked with each. The
     * deltas go first, so that a fold still folding the last variant's deltas finishes before the rollups are emptied.
     */
    void empty() throws SQLException {
        try (Connection c = pool().dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("usage_rollup_deltas", "usage_rollups", "spans")) {
                s.execute("TRUNCATE " + table);
            }
        }
    }

    @Override
    public void close() throws IOException {
        pool.close();
        service.stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
