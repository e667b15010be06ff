package org.llmobservatory.storage.columns;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.support.TestServers;

/**
 * Each table descriptor against its table as the migrations leave it: every column of the table is described,
 * and every described column is in the table with the same type. A migration that adds a column without its
 * descriptor (or a descriptor that names a column no migration made) fails here.
 */
class TableDescriptorsSchemaTest {

    private static final String COLUMNS = """
            SELECT column_name, udt_name FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = ?
             ORDER BY ordinal_position""";

    private static StoragePool pool;

    @BeforeAll
    static void migrate() {
        pool = TestServers.freshDatabase().migratedPool();
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    static Stream<TableDescriptor<?, ?>> descriptors() {
        return Stream.of(TableDescriptors.SPANS, TableDescriptors.LOGS, TableDescriptors.METRIC_POINTS);
    }

    @ParameterizedTest
    @MethodSource("descriptors")
    void the_descriptor_has_every_column_of_its_table_with_its_type(TableDescriptor<?, ?> descriptor)
            throws SQLException {
        Map<String, String> described = new LinkedHashMap<>();
        descriptor.columns().forEach(c -> described.put(c.name(), c.sqlType().udtName()));

        Map<String, String> migrated = columns(descriptor.table().tableName());

        assertThat(migrated).as("the columns of table %s", descriptor.table().tableName()).isNotEmpty();
        assertThat(described).as("the descriptor of %s (column name to type), against the migrated table",
                descriptor.table().tableName()).containsExactlyInAnyOrderEntriesOf(migrated);
    }

    private static Map<String, String> columns(String table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (Connection c = pool.connection(); PreparedStatement ps = c.prepareStatement(COLUMNS)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return types;
    }
}
