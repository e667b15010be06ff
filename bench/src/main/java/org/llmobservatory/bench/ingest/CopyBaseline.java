package org.llmobservatory.bench.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.llmobservatory.storage.embedded.EmbeddedDatabase;
import org.llmobservatory.storage.model.Span;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The physical limit the ingest figures are held against: the same rows loaded by PostgreSQL's own
 * bulk path, with nothing of ours in the way. The rows are those the writer stores for the benchmark's
 * spans, exported once from the table (as CSV to a file for {@code psql \copy}, and in binary COPY
 * format to memory for pgjdbc) before any clock starts, so every variant loads byte-for-byte the same
 * data. PostgreSQL itself encodes the binary rows, which keeps this independent of the writer's encoder.
 */
final class CopyBaseline {

    private static final String SECONDARY_INDEXES = "SELECT indexname, indexdef FROM pg_indexes"
            + " WHERE schemaname = current_schema() AND tablename = 'spans' AND indexname <> 'spans_pkey'"
            + " ORDER BY indexname";
    /** Partitions of spans with fewer than the five indexes (primary key and four) every one must have. */
    private static final String PARTITIONS_WITHOUT_ALL_INDEXES = "SELECT count(*) FROM pg_inherits i"
            + " WHERE i.inhparent = 'spans'::regclass"
            + " AND (SELECT count(*) FROM pg_index x WHERE x.indrelid = i.inhrelid) < 5";
    private static final String INSTALL_PSQL = "psql is not on PATH: install postgresql-client"
            + " (Debian/Ubuntu: apt-get install postgresql-client) to measure the psql \\copy baseline";

    private final IngestTarget target;
    private final Path csv;
    private final byte[] binary;
    private final long rows;

    private CopyBaseline(IngestTarget target, Path csv, byte[] binary, long rows) {
        this.target = target;
        this.csv = csv;
        this.binary = binary;
        this.rows = rows;
    }

    /** Stores {@code spans} once through the writer, exports the rows in both formats and empties the table. */
    static CopyBaseline prepare(IngestTarget target, List<Span> spans, Path workDir) throws Exception {
        WriterLoad.copy(target, spans, WriterLoad.settings(spans.size(), 0));
        Path csv = workDir.resolve("spans.csv");
        ByteArrayOutputStream binary = new ByteArrayOutputStream(spans.size() * 1_024);
        try (Connection c = target.pool().dataSource().getConnection();
                OutputStream file = Files.newOutputStream(csv)) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            copy.copyOut("COPY (SELECT * FROM spans) TO STDOUT (FORMAT csv)", file);
            copy.copyOut("COPY (SELECT * FROM spans) TO STDOUT (FORMAT binary)", binary);
        }
        target.expectRows(spans.size(), "the writer, preparing the baseline rows");
        target.empty();
        return new CopyBaseline(target, csv, binary.toByteArray(), spans.size());
    }

    long rows() {
        return rows;
    }

    /** Whether psql can be run; without it the psql figure fails with {@link #psqlMissing()}. */
    static boolean psqlAvailable() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "psql"))) {
                return true;
            }
        }
        return false;
    }

    static String psqlMissing() {
        return INSTALL_PSQL;
    }

    /** Seconds for {@code psql \copy} to load the CSV file, from starting psql to its exit. */
    double psqlCopy() throws IOException, InterruptedException {
        if (!psqlAvailable()) {
            throw new IllegalStateException(INSTALL_PSQL);
        }
        URI url = URI.create(target.jdbcUrl().substring("jdbc:".length()));
        ProcessBuilder psql = new ProcessBuilder("psql", "-X", "-q", "-w", "-v", "ON_ERROR_STOP=1",
                "-h", url.getHost(), "-p", Integer.toString(url.getPort()), "-U", EmbeddedDatabase.USER,
                "-d", url.getPath().substring(1),
                "-c", "\\copy spans FROM '" + csv.toAbsolutePath() + "' WITH (FORMAT csv)")
                .redirectErrorStream(true);
        psql.environment().put("PGPASSWORD", target.password());
        long started = System.nanoTime();
        Process process = psql.start();
        String output = new String(process.getInputStream().readAllBytes());
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException("psql \\copy exited with " + exit + ": " + output.strip());
        }
        return seconds;
    }

    /**
     * Seconds for the same {@code psql \copy} into {@code spans} with its primary key as its only index: a
     * profile of the baseline, the share of its time that goes into the secondary indexes. They are dropped
     * before the clock starts and created again after it stops.
     */
    double psqlCopyPrimaryKeyOnly() throws Exception {
        List<String> definitions = secondaryIndexes();
        try (Connection c = target.pool().dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String name : indexNames(c)) {
                st.execute("DROP INDEX " + name);
            }
        }
        try {
            return psqlCopy();
        } finally {
            try (Connection c = target.pool().dataSource().getConnection(); Statement st = c.createStatement()) {
                for (String definition : definitions) {
                    st.execute(definition);
                }
                try (ResultSet rs = st.executeQuery(PARTITIONS_WITHOUT_ALL_INDEXES)) {
                    rs.next();
                    if (rs.getLong(1) != 0) {
                        throw new IllegalStateException(rs.getLong(1) + " partitions of spans lack an index after"
                                + " the secondary indexes were created again");
                    }
                }
            }
        }
    }

    /**
     * The {@code CREATE INDEX} statements of the indexes on {@code spans} other than its primary key. PostgreSQL
     * spells a partitioned table's index {@code ON ONLY spans}, which would create it on the parent alone (invalid,
     * and on no partition): without {@code ONLY} it is created on every partition, as the migrations made it.
     */
    private List<String> secondaryIndexes() throws SQLException {
        List<String> definitions = new ArrayList<>();
        try (Connection c = target.pool().dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(SECONDARY_INDEXES)) {
            while (rs.next()) {
                definitions.add(rs.getString("indexdef").replace(" ON ONLY ", " ON "));
            }
        }
        if (definitions.size() != 4) {
            throw new IllegalStateException("expected the four secondary indexes of spans, found " + definitions);
        }
        return definitions;
    }

    private static List<String> indexNames(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SECONDARY_INDEXES)) {
            while (rs.next()) {
                names.add(rs.getString("indexname"));
            }
        }
        return names;
    }

    /** Seconds for one pgjdbc {@code COPY ... FROM STDIN (FORMAT binary)} of the pre-encoded rows, committed. */
    double binaryCopy() throws SQLException, IOException {
        long started = System.nanoTime();
        try (Connection c = target.pool().dataSource().getConnection()) {
            c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY spans FROM STDIN (FORMAT binary)", new ByteArrayInputStream(binary));
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }
}
