package org.llmobservatory.storage.rollup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Folds the deltas that committed batches wrote into {@code usage_rollups}, one project at a time: in one transaction
 * per project, takes that project's oldest deltas (by {@code written_at}) off their table, adds them (at every
 * {@link RollupGrain}) to the rollup rows of their keys, and writes those rows back in place. Readers see the deltas
 * or their sum in the rollups, never both and never neither. Every statement of a project's transaction names the
 * project, so that a store sharded by project (docs/SCALING.md) runs each on the one shard that holds it; nothing
 * depends on an order of deltas across projects.
 */
public final class RollupCompactor {

    /**
     * Deltas folded per transaction, so that one transaction stays short: this many, and those written in the same
     * transaction as the last of them (one batch's at most).
     */
    static final int DELTAS_PER_FOLD = 20_000;

    /** The projects with deltas waiting, in a fixed order. */
    private static final String PROJECTS = "SELECT DISTINCT project_id FROM usage_rollup_deltas ORDER BY project_id";
    /**
     * Takes a project's oldest deltas: every one written no later than its {@code n}-th oldest (bound to the offset
     * n - 1), or all of them when it has fewer. A range of the key (project_id, written_at, delta_id) and no join,
     * so that no plan can make it quadratic. The statement it replaced joined the table with a subquery of its own oldest
     * ids; prepared while the statistics were those of an empty queue (as autovacuum often finds it), its generic plan
     * was a nested loop that ran the subquery once per delta, and a fold of 36,000 deltas hit the 30 s statement
     * timeout round after round.
     */
    static final String TAKE = "DELETE FROM usage_rollup_deltas WHERE project_id = ? AND written_at <= coalesce("
            + "(SELECT written_at FROM usage_rollup_deltas WHERE project_id = ? ORDER BY written_at OFFSET ? LIMIT 1),"
            + " 'infinity') RETURNING " + RollupRows.COLUMNS;
    /** The stored rows of a fold's keys, given as arrays bound to one parameter each (period starts as epoch seconds). */
    private static final String CURRENT = "SELECT " + RollupRows.COLUMNS + " FROM usage_rollups JOIN (SELECT project_id,"
            + " grain, to_timestamp(start_s) AS period_start, model, provider, service_name, operation, status_code"
            + " FROM unnest(?::text[], ?::smallint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[],"
            + " ?::text[]) AS u (project_id, grain, start_s, model, provider, service_name, operation, status_code)) k"
            + " USING (" + RollupRows.KEY_COLUMNS + ") WHERE usage_rollups.project_id = ? FOR UPDATE OF usage_rollups";

    private final DataSource dataSource;
    private final int deltasPerFold;

    public RollupCompactor(DataSource dataSource) {
        this(dataSource, DELTAS_PER_FOLD);
    }

    /** Folds about {@code deltasPerFold} deltas of a project per transaction. */
    RollupCompactor(DataSource dataSource, int deltasPerFold) {
        this.dataSource = dataSource;
        this.deltasPerFold = deltasPerFold;
    }

    /**
     * What one round of folds did: the deltas folded; whether another fold or rebuild held the lock (the round stopped
     * there, and that one folds them); and whether it took every delta it could see, which it did when every project
     * had fewer than a fold takes waiting and the lock was never held by another.
     */
    public record Round(int folded, boolean locked, boolean complete) {
    }

    /**
     * Folds about {@link #DELTAS_PER_FOLD} deltas of every project that has deltas waiting; returns how many, or -1
     * when another fold or rebuild held the lock before any was folded (it will fold them).
     */
    public int foldOnce() throws SQLException {
        Round round = foldRound();
        return round.locked() && round.folded() == 0 ? -1 : round.folded();
    }

    /**
     * One round: the projects that have deltas waiting are read, then each is folded in a transaction of its own, up
     * about {@link #DELTAS_PER_FOLD} of its oldest deltas. A complete round took every delta committed before it began.
     */
    public Round foldRound() throws SQLException {
        List<String> projects = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PROJECTS);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                projects.add(rs.getString(1));
            }
        }
        int folded = 0;
        boolean more = false;
        for (String project : projects) {
            int taken = foldProject(project);
            if (taken < 0) {
                return new Round(folded, true, false);
            }
            folded += taken;
            more |= taken >= deltasPerFold;
        }
        return new Round(folded, false, !more);
    }

    /** Folds one project's oldest deltas ({@link #TAKE}); -1 when another fold or rebuild holds the lock. */
    private int foldProject(String project) throws SQLException {
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
                    ps.setString(1, project);
                    ps.setString(2, project);
                    ps.setInt(3, deltasPerFold - 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            add(cells, rs);
                            taken++;
                        }
                    }
                }
                if (!cells.isEmpty()) {
                    cells = RollupGrain.everyGrain(cells);
                    addCurrent(c, project, cells);
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

    /**
     * Adds the stored rollup rows of the cells' keys (all of {@code project}) to the cells (whose sums then replace
     * them).
     */
    private static void addCurrent(Connection c, String project, Map<RollupKey, UsageCell> cells)
            throws SQLException {
        List<RollupKey> keys = cells.keySet().stream().sorted(RollupKey.ORDER).toList();
        try (PreparedStatement ps = c.prepareStatement(CURRENT)) {
            bindKeys(c, ps, keys);
            ps.setString(9, project);
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
