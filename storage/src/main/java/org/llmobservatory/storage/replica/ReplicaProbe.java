package org.llmobservatory.storage.replica;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/** Asks the read replica whether it is a standby and how far its replay is behind the primary. */
final class ReplicaProbe {

    /**
     * The replay lag: none for a database not in recovery, none while a WAL receiver runs and every change received
     * is replayed, else the age of the last change replayed (replay paused or behind, or cut off from the primary).
     */
    static final String LAG = """
            SELECT pg_is_in_recovery() AS standby,
                   CASE WHEN NOT pg_is_in_recovery() THEN 0
                        WHEN EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE pid IS NOT NULL)
                             AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                        ELSE COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()), 0)
                   END AS lag_seconds""";

    /** What one probe read. */
    record Reading(boolean standby, Duration lag) {
    }

    private ReplicaProbe() {
    }

    static Reading read(Connection c, Duration timeout) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LAG)) {
            ps.setQueryTimeout(Math.max(1, (int) timeout.toSeconds()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                double seconds = Math.max(0, rs.getDouble("lag_seconds"));
                return new Reading(rs.getBoolean("standby"), Duration.ofNanos((long) (seconds * 1e9)));
            }
        }
    }
}
