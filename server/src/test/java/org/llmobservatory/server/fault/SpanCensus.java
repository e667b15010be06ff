package org.llmobservatory.server.fault;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** How many times each span id is stored, and what that means for the spans clients were told are stored. */
record SpanCensus(long acknowledged, long lost, long duplicates) {

    /** Counts the rows of every span id in the database and compares with the acknowledged ids. */
    static SpanCensus take(String jdbcUrl, String user, String password, Set<String> acknowledgedSpans)
            throws SQLException {
        Map<String, Long> stored = new HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT encode(span_id, 'hex'), count(*) FROM spans GROUP BY span_id")) {
            while (rs.next()) {
                stored.put(rs.getString(1), rs.getLong(2));
            }
        }
        long lost = acknowledgedSpans.stream().filter(id -> !stored.containsKey(id)).count();
        long duplicates = stored.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
        return new SpanCensus(acknowledgedSpans.size(), lost, duplicates);
    }
}
