package org.llmobservatory.storage.rollup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The one lock every change of {@code usage_rollups} takes, a transaction-level advisory lock: folding deltas and
 * rebuilding ranges never run at the same time, in this process or in another instance on the same database.
 */
final class RollupLock {

    /** "obsroll" in ASCII, an arbitrary number no other lock in this database uses. */
    private static final long KEY = 0x6f6273726f6c6cL;

    private RollupLock() {
    }

    /** Takes the lock for the rest of the transaction, or answers false at once when another holds it. */
    static boolean tryTake(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Takes the lock for the rest of the transaction, waiting for another holder to finish. */
    static void take(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            ps.setLong(1, KEY);
            ps.execute();
        }
    }
}
