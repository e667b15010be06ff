package org.llmobservatory.storage.rollup;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The columns of {@code usage_rollups} and {@code usage_rollup_deltas} (the same, V5 migration), and how cells
 * are written to and read from them.
 */
public final class RollupRows {

    /** Every column, in order: the key, then the sums, then the histogram. */
    static final String COLUMNS = "project_id, grain, period_start, service_name, provider, model, operation, status_code, "
            + "requests, errors, input_tokens, output_tokens, total_tokens, cache_read_tokens, reasoning_tokens, "
            + "cost_usd, ttft_sum_ms, ttft_count, latency";

    /** The primary key of both tables. */
    static final String KEY_COLUMNS = "project_id, grain, period_start, model, provider, service_name, operation, status_code";

    /**
     * The value columns, for readers that choose their own key columns; with a null {@code latency_index}, which
     * only rows computed from spans fill ({@link RawUsage#AS_HISTOGRAM}).
     */
    public static final String VALUES = "requests, errors, input_tokens, output_tokens, total_tokens, "
            + "cache_read_tokens, reasoning_tokens, cost_usd, ttft_sum_ms, ttft_count, latency, "
            + "NULL::integer AS latency_index";

    /** On a key already stored, the new row replaces it: the caller has added the stored row into it. */
    private static final String REPLACE = " ON CONFLICT (" + KEY_COLUMNS + ") DO UPDATE SET requests = EXCLUDED.requests,"
            + " errors = EXCLUDED.errors, input_tokens = EXCLUDED.input_tokens, output_tokens = EXCLUDED.output_tokens,"
            + " total_tokens = EXCLUDED.total_tokens, cache_read_tokens = EXCLUDED.cache_read_tokens,"
            + " reasoning_tokens = EXCLUDED.reasoning_tokens, cost_usd = EXCLUDED.cost_usd,"
            + " ttft_sum_ms = EXCLUDED.ttft_sum_ms, ttft_count = EXCLUDED.ttft_count, latency = EXCLUDED.latency";

    private static final int COLUMN_COUNT = 19;
    private static final int COST_SCALE = 10;
    private static final int ROWS_PER_STATEMENT = 1_000;

    private RollupRows() {
    }

    /** Inserts one row a cell into {@code table}, in the keys' fixed order. */
    static void insert(Connection c, String table, Map<RollupKey, UsageCell> cells) throws SQLException {
        write(c, table, cells, "");
    }

    /**
     * Writes one row a cell into {@code usage_rollups}, replacing the row of a key already there (an update in place,
     * which leaves no dead row for readers to skip when the page has room: the table's fill factor keeps some).
     */
    static void replace(Connection c, Map<RollupKey, UsageCell> cells) throws SQLException {
        write(c, "usage_rollups", cells, REPLACE);
    }

    private static void write(Connection c, String table, Map<RollupKey, UsageCell> cells, String onConflict)
            throws SQLException {
        List<Map.Entry<RollupKey, UsageCell>> entries = cells.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(RollupKey.ORDER)).toList();
        for (int from = 0; from < entries.size(); from += ROWS_PER_STATEMENT) {
            List<Map.Entry<RollupKey, UsageCell>> chunk =
                    entries.subList(from, Math.min(entries.size(), from + ROWS_PER_STATEMENT));
            String row = "(" + String.join(", ", Collections.nCopies(COLUMN_COUNT, "?")) + ")";
            String sql = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES "
                    + String.join(", ", Collections.nCopies(chunk.size(), row)) + onConflict;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (Map.Entry<RollupKey, UsageCell> e : chunk) {
                    i = bind(ps, i, e.getKey(), e.getValue());
                }
                ps.executeUpdate();
            }
        }
    }

    private static int bind(PreparedStatement ps, int i, RollupKey key, UsageCell cell)
            throws SQLException {
        UsageCell.Sums s = cell.sums();
        LatencyHistogram h = cell.latency();
        ps.setString(i++, key.projectId());
        ps.setShort(i++, key.grain().code());
        ps.setObject(i++, OffsetDateTime.ofInstant(key.periodStart(), ZoneOffset.UTC));
        ps.setString(i++, key.serviceName());
        ps.setString(i++, key.provider());
        ps.setString(i++, key.model());
        ps.setString(i++, key.operation());
        ps.setString(i++, key.statusCode());
        ps.setLong(i++, s.requests());
        ps.setLong(i++, s.errors());
        ps.setLong(i++, s.inputTokens());
        ps.setLong(i++, s.outputTokens());
        ps.setLong(i++, s.totalTokens());
        ps.setLong(i++, s.cacheReadTokens());
        ps.setLong(i++, s.reasoningTokens());
        // The scale of spans.cost_usd, so that a folded row and a rebuilt one store the same text.
        ps.setBigDecimal(i++, s.costUsd().setScale(COST_SCALE, RoundingMode.HALF_UP));
        ps.setDouble(i++, s.ttftSumMs());
        ps.setLong(i++, s.ttftCount());
        ps.setBytes(i++, HistogramBytes.encode(h));
        return i;
    }

    /** Reads the value columns ({@link #VALUES}) of the current row as sums. */
    public static UsageCell.Sums sums(ResultSet rs) throws SQLException {
        BigDecimal cost = rs.getBigDecimal("cost_usd");
        return new UsageCell.Sums(rs.getLong("requests"), rs.getLong("errors"), rs.getLong("input_tokens"),
                rs.getLong("output_tokens"), rs.getLong("total_tokens"), rs.getLong("cache_read_tokens"),
                rs.getLong("reasoning_tokens"), cost == null ? BigDecimal.ZERO : cost, rs.getDouble("ttft_sum_ms"),
                rs.getLong("ttft_count"));
    }

    /**
     * Reads the latency of the current row: its stored histogram, or, for a row computed from spans (null
     * {@code latency}), its {@code requests} all in the bucket {@code latency_index} (zero when that is null).
     */
    public static LatencyHistogram latency(ResultSet rs) throws SQLException {
        byte[] stored = rs.getBytes("latency");
        if (stored != null) {
            return HistogramBytes.decode(stored);
        }
        long requests = rs.getLong("requests");
        int index = rs.getInt("latency_index");
        if (rs.wasNull()) {
            return LatencyHistogram.of(new int[0], new long[0], requests);
        }
        return LatencyHistogram.of(new int[] {index}, new long[] {requests}, 0);
    }
}
