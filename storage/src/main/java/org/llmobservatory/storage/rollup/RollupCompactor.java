package org.llmobservatory.storage.rollup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Folds the deltas that committed batches wrote into {@code usage_rollups}: in one transaction, takes the oldest
 * deltas off their table, adds them (at every {@link RollupGrain}) to the rollup rows of their keys, and writes those
 * rows back in place. Readers see the deltas or their sum in the rollups, never both and never neither.
 */
public final class RollupCompactor {

    /** Deltas folded per transaction at most, so that one transaction stays short. */
    static final int DELTAS_PER_FOLD = 20_000;

    private static final String TAKE = "DELETE FROM usage_rollup_deltas WHERE id IN (SELECT id FROM usage_rollup_deltas"
            + " ORDER BY id LIMIT ?) RETURNING " + RollupRows.COLUMNS;
    /** The stored rows of a fold's keys, given as arrays bound to one parameter each (period starts as epoch seconds). */
    private static final String CURRENT = "SELECT " + RollupRows.COLUMNS + " FROM usage_rollups JOIN (SELECT project_id,"
            + " grain, to_timestamp(start_s) AS period_start, model, provider, service_name, operation, status_code"
            + " FROM unnest(?::text[], ?::smallint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[],"
            + " ?::text[]) AS u (project_id, grain, start_s, model, provider, service_name, operation, status_code)) k"
            + " USING (" + RollupRows.KEY_COLUMNS + ") FOR UPDATE OF usage_rollups";

    private final DataSource dataSource;

    public RollupCompactor(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Folds up to {@link #DELTAS_PER_FOLD} deltas; returns how many, or -1 when another fold or rebuild holds the
     * lock (it will fold them).
     */
    public int foldOnce() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!RollupLock.tryTake(c)) {
                    c.rollback();
                    return -1;
                }
                Map<RollupKey, UsageCell> cells = new HashMap<>();
                int taken = 0;
                try (PreparedStatement ps = c.prepareStatement(TAKE)) {
                    ps.setInt(1, DELTAS_PER_FOLD);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            add(cells, rs);
                            taken++;
                        }
                    }
                }
                if (!cells.isEmpty()) {
                    cells = RollupGrain.everyGrain(cells);
                    addCurrent(c, cells);
                    RollupRows.replace(c, cells);
                }
                c.commit();
                return taken;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Adds the stored rollup rows of the cells' keys to the cells (whose sums then replace them). */
    private static void addCurrent(Connection c, Map<RollupKey, UsageCell> cells) throws SQLException {
        List<RollupKey> keys = cells.keySet().stream().sorted(RollupKey.ORDER).toList();
        try (PreparedStatement ps = c.prepareStatement(CURRENT)) {
            bindKeys(c, ps, keys);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    add(cells, rs);
                }
            }
        }
    }

    static void add(Map<RollupKey, UsageCell> cells, ResultSet rs) throws SQLException {
        RollupKey key = new RollupKey(rs.getString("project_id"), RollupGrain.ofCode(rs.getShort("grain")),
                rs.getTimestamp("period_start").toInstant(),
                rs.getString("service_name"), rs.getString("provider"), rs.getString("model"),
                rs.getString("operation"), rs.getString("status_code"));
        cells.computeIfAbsent(key, k -> new UsageCell()).add(RollupRows.sums(rs), RollupRows.latency(rs));
    }

    private static void bindKeys(Connection c, PreparedStatement ps, List<RollupKey> keys) throws SQLException {
        ps.setArray(1, c.createArrayOf("text", keys.stream().map(RollupKey::projectId).toArray()));
        ps.setArray(2, c.createArrayOf("smallint", keys.stream().map(k -> k.grain().code()).toArray()));
        ps.setArray(3, c.createArrayOf("bigint", keys.stream().map(k -> k.periodStart().getEpochSecond()).toArray()));
        ps.setArray(4, c.createArrayOf("text", keys.stream().map(RollupKey::model).toArray()));
        ps.setArray(5, c.createArrayOf("text", keys.stream().map(RollupKey::provider).toArray()));
        ps.setArray(6, c.createArrayOf("text", keys.stream().map(RollupKey::serviceName).toArray()));
        ps.setArray(7, c.createArrayOf("text", keys.stream().map(RollupKey::operation).toArray()));
        ps.setArray(8, c.createArrayOf("text", keys.stream().map(RollupKey::statusCode).toArray()));
    }
}
