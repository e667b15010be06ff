package org.llmobservatory.storage.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/**
 * The migrated schema stays distributable by project, as docs/SCALING.md distributes it with Citus: every table is
 * classified (distributed by {@code project_id}, reference, or kept on the coordinator), so a new table fails here until
 * it is; every primary key and unique constraint or index of a distributed table includes {@code project_id}; no foreign
 * key joins two distributed tables or points from any other table at one; no column of a distributed table takes its
 * value from a sequence (identity, serial, nextval), which every shard would have to share. Partitions inherit their
 * parent's keys, so the parents are what is read. The rules are read from the catalog, and each is shown to catch what
 * it is about: on the schema before V9, and on breaks made in a transaction that is rolled back.
 */
class DistributableSchemaTest {

    static final String DISTRIBUTION_COLUMN = "project_id";

    /** Distributed by project_id, all colocated with spans. */
    static final Set<String> DISTRIBUTED = Set.of("spans", "logs", "metric_points", "span_resources", "usage_rollups",
            "usage_rollup_deltas", "usage_rollup_rebuilds");

    /** Small tables every node keeps a copy of: read by every project, or looked up without knowing the project. */
    static final Set<String> REFERENCE = Set.of("model_prices", "api_keys", "access_mode");

    /** Kept on the coordinator only: Flyway's history of the migrations, which run there. */
    static final Set<String> COORDINATOR = Set.of("schema_history");

    private static TestDatabase db;
    private static StoragePool pool;

    @BeforeAll
    static void migrate() {
        db = TestServers.freshDatabase();
        pool = db.migratedPool();
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void the_migrated_schema_is_distributable_by_project() throws Exception {
        try (Connection c = pool.connection()) {
            assertThat(violations(c)).isEmpty();
        }
    }

    @Test
    void scaling_md_distributes_and_replicates_exactly_the_tables_classified_here() throws Exception {
        String doc = Files.readString(Path.of(System.getProperty("user.dir")).getParent().resolve("docs/SCALING.md"));
        assertThat(calls(doc, "create_distributed_table\\('(\\w+)', '(\\w+)'")).as("distributed in SCALING.md")
                .isEqualTo(new TreeSet<>(DISTRIBUTED));
        Matcher distributed = Pattern.compile("create_distributed_table\\('(\\w+)', '(\\w+)'").matcher(doc);
        while (distributed.find()) {
            assertThat(distributed.group(2)).as("distribution column of %s", distributed.group(1))
                    .isEqualTo(DISTRIBUTION_COLUMN);
        }
        assertThat(calls(doc, "create_reference_table\\('(\\w+)'")).as("reference tables in SCALING.md")
                .isEqualTo(new TreeSet<>(REFERENCE));
    }

    @Test
    void the_schema_before_v9_is_not_distributable_for_its_two_identity_keys() throws Exception {
        TestDatabase older = TestServers.freshDatabase();
        try (StoragePool olderPool = older.pool(2)) {
            Flyway.configure().dataSource(olderPool.dataSource()).locations("classpath:db/migration")
                    .table("schema_history").target("8").load().migrate();
            try (Connection c = olderPool.connection()) {
                assertThat(violations(c)).containsExactlyInAnyOrder(
                        "usage_rollup_deltas: primary key usage_rollup_deltas_pkey does not include project_id",
                        "usage_rollup_deltas: column id is an identity column (a sequence every shard would share)",
                        "usage_rollup_rebuilds: has no project_id column to be distributed by",
                        "usage_rollup_rebuilds: primary key usage_rollup_rebuilds_pkey does not include project_id",
                        "usage_rollup_rebuilds: column id is an identity column (a sequence every shard would share)");
            }
        }
    }

    @Test
    void a_table_nobody_classified_is_named() throws Exception {
        assertThat(violationsAfter("CREATE TABLE project_notes (project_id text NOT NULL, note text)"))
                .containsExactly("project_notes: not classified as distributed, reference or coordinator-only;"
                        + " add it to DistributableSchemaTest and docs/SCALING.md");
    }

    @Test
    void a_unique_constraint_or_index_without_the_project_is_named() throws Exception {
        assertThat(violationsAfter("ALTER TABLE usage_rollup_rebuilds ADD CONSTRAINT rebuilds_once UNIQUE (rebuild_id)"))
                .containsExactly("usage_rollup_rebuilds: unique constraint rebuilds_once does not include project_id");
        assertThat(violationsAfter("CREATE UNIQUE INDEX deltas_once ON usage_rollup_deltas (delta_id)"))
                .containsExactly("usage_rollup_deltas: unique index deltas_once does not include project_id");
        assertThat(violationsAfter("ALTER TABLE span_resources ALTER COLUMN project_id TYPE varchar(64)"))
                .containsExactly("span_resources: project_id must be text NOT NULL (the distribution column of every"
                        + " colocated table), is character varying(64), not null");
    }

    @Test
    void a_foreign_key_between_distributed_tables_or_from_a_reference_table_to_one_is_named() throws Exception {
        assertThat(violationsAfter("ALTER TABLE spans ADD CONSTRAINT spans_resource_fkey"
                + " FOREIGN KEY (project_id, resource_id) REFERENCES span_resources"))
                .containsExactly("spans: foreign key spans_resource_fkey points at distributed table span_resources");
        assertThat(violationsAfter("ALTER TABLE api_keys ADD COLUMN resource_id bigint,"
                + " ADD CONSTRAINT api_keys_resource_fkey FOREIGN KEY (project_id, resource_id) REFERENCES span_resources"))
                .containsExactly("api_keys: foreign key api_keys_resource_fkey points at distributed table span_resources");
    }

    @Test
    void a_value_from_a_sequence_on_a_distributed_table_is_named() throws Exception {
        assertThat(violationsAfter("ALTER TABLE usage_rollups ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY"))
                .containsExactly("usage_rollups: column n is an identity column (a sequence every shard would share)");
        assertThat(violationsAfter("ALTER TABLE usage_rollups ADD COLUMN n bigserial"))
                .containsExactly("usage_rollups: column n takes its default from a sequence (nextval("
                        + "'usage_rollups_n_seq'::regclass))");
        assertThat(violationsAfter("CREATE SEQUENCE note_numbers",
                "ALTER TABLE span_resources ADD COLUMN n bigint DEFAULT nextval('note_numbers')"))
                .containsExactly("span_resources: column n takes its default from a sequence (nextval("
                        + "'note_numbers'::regclass))");
    }

    /** The violations after {@code statements}, which are rolled back. */
    private static List<String> violationsAfter(String... statements) throws SQLException {
        try (Connection c = pool.connection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                for (String sql : statements) {
                    st.execute(sql);
                }
                return violations(c);
            } finally {
                c.rollback();
            }
        }
    }

    private static Set<String> calls(String doc, String regex) {
        Set<String> tables = new TreeSet<>();
        Matcher m = Pattern.compile(regex).matcher(doc);
        while (m.find()) {
            tables.add(m.group(1));
        }
        return tables;
    }

    // ---- the rules, read from the catalog ------------------------------------------------------------------------

    /** Every rule broken by the schema of {@code c}'s current schema, one line each; empty when it is distributable. */
    static List<String> violations(Connection c) throws SQLException {
        List<String> found = new ArrayList<>();
        Set<String> tables = new TreeSet<>(strings(c, """
                SELECT c.relname FROM pg_class c
                 WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
                   AND NOT c.relispartition""", null));
        for (String table : tables) {
            if (!DISTRIBUTED.contains(table) && !REFERENCE.contains(table) && !COORDINATOR.contains(table)) {
                found.add(table + ": not classified as distributed, reference or coordinator-only;"
                        + " add it to DistributableSchemaTest and docs/SCALING.md");
            }
        }
        for (String table : new TreeSet<>(DISTRIBUTED)) {
            if (tables.contains(table)) {
                distributionColumn(c, table, found);
                uniqueKeys(c, table, found);
                sequences(c, table, found);
            }
        }
        for (String fk : strings(c, """
                SELECT conrelid::regclass::text || ' ' || conname || ' ' || confrelid::regclass::text
                  FROM pg_constraint
                 WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
                   AND conparentid = 0
                 ORDER BY 1""", null)) {
            String[] parts = fk.split(" ");
            if (DISTRIBUTED.contains(parts[2])) {
                found.add(parts[0] + ": foreign key " + parts[1] + " points at distributed table " + parts[2]);
            }
        }
        return found;
    }

    private static void distributionColumn(Connection c, String table, List<String> found) throws SQLException {
        List<String> column = strings(c, """
                SELECT format_type(atttypid, atttypmod) || CASE WHEN attnotnull THEN ', not null' ELSE ', nullable' END
                  FROM pg_attribute
                 WHERE attrelid = ?::regclass AND attname = 'project_id' AND NOT attisdropped""", table);
        if (column.isEmpty()) {
            found.add(table + ": has no project_id column to be distributed by");
        } else if (!column.getFirst().equals("text, not null")) {
            found.add(table + ": project_id must be text NOT NULL (the distribution column of every colocated table),"
                    + " is " + column.getFirst());
        }
    }

    /** Primary keys, unique and exclusion constraints, and unique indexes of their own, without project_id. */
    private static void uniqueKeys(Connection c, String table, List<String> found) throws SQLException {
        String hasProject = "EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = %s AND a.attname = 'project_id'"
                + " AND a.attnum = ANY (%s))";
        for (String constraint : strings(c, """
                SELECT CASE contype WHEN 'p' THEN 'primary key ' WHEN 'u' THEN 'unique constraint '
                                    ELSE 'exclusion constraint ' END || conname
                  FROM pg_constraint
                 WHERE conrelid = ?::regclass AND contype IN ('p', 'u', 'x') AND NOT\s"""
                + hasProject.formatted("conrelid", "conkey") + " ORDER BY conname", table)) {
            found.add(table + ": " + constraint + " does not include project_id");
        }
        for (String index : strings(c, """
                SELECT i.indexrelid::regclass::text
                  FROM pg_index i
                 WHERE i.indrelid = ?::regclass AND i.indisunique
                   AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
                   AND NOT\s""" + hasProject.formatted("i.indrelid", "i.indkey::int2[]") + " ORDER BY 1", table)) {
            found.add(table + ": unique index " + index + " does not include project_id");
        }
    }

    /** Identity columns, and defaults that call nextval (serial, or a sequence named by hand). */
    private static void sequences(Connection c, String table, List<String> found) throws SQLException {
        for (String column : strings(c, """
                SELECT attname FROM pg_attribute
                 WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped AND attidentity <> ''
                 ORDER BY attnum""", table)) {
            found.add(table + ": column " + column + " is an identity column (a sequence every shard would share)");
        }
        for (String column : strings(c, """
                SELECT a.attname || ' ' || pg_get_expr(d.adbin, d.adrelid)
                  FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
                 WHERE d.adrelid = ?::regclass AND pg_get_expr(d.adbin, d.adrelid) ~* 'nextval'
                 ORDER BY a.attnum""", table)) {
            int space = column.indexOf(' ');
            found.add(table + ": column " + column.substring(0, space) + " takes its default from a sequence ("
                    + column.substring(space + 1) + ")");
        }
    }

    private static List<String> strings(Connection c, String sql, String parameter) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (parameter != null) {
                ps.setString(1, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }
}
