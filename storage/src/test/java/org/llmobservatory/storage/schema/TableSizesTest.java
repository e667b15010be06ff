package org.llmobservatory.storage.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/** The sizes behind storage_table_size_bytes: every table, its partitions counted, growth seen. */
class TableSizesTest {

    private static TestDatabase db;
    private static StoragePool pool;

    @BeforeAll
    static void start() {
        db = TestServers.freshDatabase();
        pool = db.migratedPool();
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @Test
    void every_table_is_measured_with_its_partitions_and_grows_as_rows_arrive() throws Exception {
        new PartitionManager(pool.dataSource()).ensureAhead(Instant.parse("2031-05-01T12:00:00Z"), 2);
        TableSizes sizes = new TableSizes(pool.dataSource());

        Map<String, TableSizes.TableSize> before = sizes.read();
        assertThat(before).containsOnlyKeys(TableSizes.TABLES);
        assertThat(before.get("spans").partitions()).isGreaterThanOrEqualTo(3);
        assertThat(before.get("logs").partitions()).isGreaterThanOrEqualTo(3);
        assertThat(before.get("usage_rollups").bytes()).isPositive();

        try (Connection c = pool.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO logs (project_id, log_id, time, severity_number, body, service_name)"
                    + " SELECT 'p', gen_random_uuid(), timestamptz '2031-05-01 12:00Z', 9, md5(g::text), 's'"
                    + " FROM generate_series(1, 5000) AS g");
        }
        Map<String, TableSizes.TableSize> after = sizes.read();
        assertThat(after.get("logs").bytes()).isGreaterThan(before.get("logs").bytes() + 100_000);
        assertThat(sizes.latest()).isEqualTo(after);
    }
}
