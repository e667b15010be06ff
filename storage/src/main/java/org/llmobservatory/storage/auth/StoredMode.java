package org.llmobservatory.storage.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.llmobservatory.storage.query.QueryRunner;

/** The row of {@code access_mode}: the mode, and when and why it was last set. */
record StoredMode(AccessMode mode, Instant changedAt, String reason) {

    static StoredMode read(QueryRunner runner) throws SQLException {
        return runner.call("read_access_mode", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT mode, changed_at, reason FROM access_mode");
                    ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("access_mode has no row");
                }
                return new StoredMode(AccessMode.fromStored(rs.getString(1)), rs.getTimestamp(2).toInstant(),
                        rs.getString(3));
            }
        }, mode -> 1);
    }

    /** Sets the mode; when it already is {@code target}, when and why it was set last are kept. */
    static void set(Connection c, AccessMode target, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE access_mode SET mode = ?, changed_at = now(), reason = ? WHERE mode <> ?")) {
            ps.setString(1, target.stored());
            ps.setString(2, reason);
            ps.setString(3, target.stored());
            ps.executeUpdate();
        }
    }

    @Override
    public String toString() {
        return mode.stored() + " since " + changedAt + " (" + reason + ")";
    }
}
