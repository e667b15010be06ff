package org.llmobservatory.storage.schema;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.llmobservatory.storage.query.QueryObserver;
import org.llmobservatory.storage.query.QueryRunner;
import org.llmobservatory.storage.query.RepositoryKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much disk each telemetry table takes, with all its partitions, indexes and TOAST, and how many daily
 * partitions it has: read from the catalog (no table is scanned) once a minute, so that a scrape only reads the last
 * figures. What grows, and how fast, is what a full disk is predicted from.
 */
public final class TableSizes implements AutoCloseable {

    /** The tables measured: the label values of {@code storage_table_size_bytes}, a fixed set. */
    public static final List<String> TABLES = List.of("spans", "span_resources", "logs", "metric_points",
            "usage_rollups", "usage_rollup_deltas");

    /** One table's bytes on disk and its number of partitions (0 for a table that is not partitioned). */
    public record TableSize(long bytes, int partitions) {
    }

    private static final Logger log = LoggerFactory.getLogger(TableSizes.class);
    // pg_partition_tree lists nothing for a table that is not partitioned: such a table is measured on its own.
    private static final String SQL = """
            SELECT t.name,
                   coalesce((SELECT sum(pg_total_relation_size(p.relid)) FROM pg_partition_tree(r) AS p),
                            pg_total_relation_size(r)) AS bytes,
                   (SELECT count(*) FROM pg_partition_tree(r) AS p WHERE p.level > 0 AND p.isleaf) AS partitions
            FROM unnest(?::text[]) AS t(name), to_regclass(t.name) AS r
            WHERE r IS NOT NULL
            """;

    private final QueryRunner runner;
    private final ScheduledExecutorService scheduler;
    private volatile Map<String, TableSize> latest = Map.of();

    public TableSizes(DataSource dataSource) {
        this(dataSource, QueryObserver.NONE);
    }

    /** Sizes whose reads {@code observer} hears, as repository {@code schema}. */
    public TableSizes(DataSource dataSource, QueryObserver observer) {
        this.runner = new QueryRunner(dataSource, observer, RepositoryKind.SCHEMA);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "table-sizes");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads the sizes now and then every {@code period}, in the background. */
    public TableSizes start(Duration period) {
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The figures of the last read, by table; empty before the first one succeeded. */
    public Map<String, TableSize> latest() {
        return latest;
    }

    /** Reads every table's size now (and keeps it as the latest). */
    public Map<String, TableSize> read() throws SQLException {
        Map<String, TableSize> sizes = runner.call("table_sizes", c -> {
            Map<String, TableSize> read = new LinkedHashMap<>();
            try (PreparedStatement st = c.prepareStatement(SQL)) {
                Array names = c.createArrayOf("text", TABLES.toArray());
                st.setArray(1, names);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        read.put(rs.getString(1), new TableSize(rs.getLong(2), rs.getInt(3)));
                    }
                }
            }
            return read;
        }, Map::size);
        latest = Map.copyOf(sizes);
        return sizes;
    }

    private void refreshQuietly() {
        try {
            read();
        } catch (SQLException | RuntimeException e) {
            log.debug("could not read the table sizes; the last figures stay: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
