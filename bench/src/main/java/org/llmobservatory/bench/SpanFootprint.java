package org.llmobservatory.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.pool.DirectConnections;

/**
 * What the stored spans take on disk: the heap (with its TOAST) and the indexes of every partition of
 * {@code spans} and of the resources the spans refer to ({@code span_resources}), and the spans stored, for the
 * bytes a span costs. Before the leaner span row (2026-12-02) it was 948 B at 10M spans.
 */
final class SpanFootprint {

    private static final String SIZES = """
            SELECT coalesce(sum(pg_table_size(t)), 0) AS heap_bytes,
                   coalesce(sum(pg_indexes_size(t)), 0) AS index_bytes,
                   (SELECT count(*) FROM spans) AS spans
              FROM (SELECT i.inhrelid AS t FROM pg_inherits i WHERE i.inhparent = 'spans'::regclass
                    UNION ALL SELECT 'span_resources'::regclass::oid) tables""";

    /** Bytes of heap (TOAST included) and of indexes, and the spans they hold. */
    record Sizes(long heapBytes, long indexBytes, long spans) {

        double bytesPerSpan() {
            return spans == 0 ? 0 : (heapBytes + indexBytes) / (double) spans;
        }
    }

    private SpanFootprint() {
    }

    static Sizes measure(Storage storage) throws SQLException {
        try (Connection c = DirectConnections.to(storage.config()).getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(SIZES)) {
            rs.next();
            return new Sizes(rs.getLong("heap_bytes"), rs.getLong("index_bytes"), rs.getLong("spans"));
        }
    }
}
