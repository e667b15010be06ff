package org.llmobservatory.storage.health;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Asks PostgreSQL {@code SELECT 1} on a pooled connection: reachable, and answering queries. */
final class DatabaseProbe {

    /** Opens a database connection; the caller closes it. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private DatabaseProbe() {
    }

    /** Milliseconds the round trip took; throws when the database did not answer. */
    static long selectOne(ConnectionSource database, Duration timeout) throws SQLException {
        long started = System.nanoTime();
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            try (ResultSet rs = st.executeQuery("SELECT 1")) {
                rs.next();
            }
        }
        return ConcurrentChecks.millisSince(started);
    }
}
