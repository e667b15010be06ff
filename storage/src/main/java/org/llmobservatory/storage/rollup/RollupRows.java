package org.llmobservatory.storage.rollup;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The columns of {@code usage_rollups} and {@code usage_rollup_deltas} (the same, V5 migration), and how cells
 * are written to and read from them.
 */
public final class RollupRows {

    /** Every column, in order: the key, then the sums, then the histogram. */
    static final String COLUMNS = "project_id, hour, service_name, provider, model, operation, status_code, "
            + "requests, errors, input_tokens, output_tokens, total_tokens, cache_read_tokens, reasoning_tokens, "
            + "cost_usd, ttft_sum_ms, ttft_count, latency_zero, latency_indexes, latency_counts";

    /** The value columns, for readers that choose their own key columns. */
    public static final String VALUES = "requests, errors, input_tokens, output_tokens, total_tokens, "
            + "cache_read_tokens, reasoning_tokens, cost_usd, ttft_sum_ms, ttft_count, latency_zero, "
            + "latency_indexes, latency_counts";

    private static final int COLUMN_COUNT = 20;
    private static final int COST_SCALE = 10;
    private static final int ROWS_PER_STATEMENT = 1_000;

    private RollupRows() {
    }

    /** Inserts one row a cell into {@code table}, in the keys' fixed order. */
    static void insert(Connection c, String table, Map<RollupKey, UsageCell> cells) throws SQLException {
        List<Map.Entry<RollupKey, UsageCell>> entries = cells.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(RollupKey.ORDER)).toList();
        for (int from = 0; from < entries.size(); from += ROWS_PER_STATEMENT) {
            List<Map.Entry<RollupKey, UsageCell>> chunk =
                    entries.subList(from, Math.min(entries.size(), from + ROWS_PER_STATEMENT));
            String row = "(" + String.join(", ", Collections.nCopies(COLUMN_COUNT, "?")) + ")";
            String sql = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES "
                    + String.join(", ", Collections.nCopies(chunk.size(), row));
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                for (Map.Entry<RollupKey, UsageCell> e : chunk) {
                    i = bind(c, ps, i, e.getKey(), e.getValue());
                }
                ps.executeUpdate();
            }
        }
    }

    private static int bind(Connection c, PreparedStatement ps, int i, RollupKey key, UsageCell cell)
            throws SQLException {
        UsageCell.Sums s = cell.sums();
        LatencyHistogram h = cell.latency();
        ps.setString(i++, key.projectId());
        ps.setObject(i++, OffsetDateTime.ofInstant(key.hour(), ZoneOffset.UTC));
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
        ps.setLong(i++, h.zeroCount());
        ps.setArray(i++, c.createArrayOf("integer", Arrays.stream(h.indexes()).boxed().toArray()));
        ps.setArray(i++, c.createArrayOf("bigint", Arrays.stream(h.counts()).boxed().toArray()));
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

    /** Reads the histogram columns of the current row. */
    public static LatencyHistogram latency(ResultSet rs) throws SQLException {
        Array indexes = rs.getArray("latency_indexes");
        Array counts = rs.getArray("latency_counts");
        Integer[] i = (Integer[]) indexes.getArray();
        Long[] n = (Long[]) counts.getArray();
        return LatencyHistogram.of(Arrays.stream(i).mapToInt(Integer::intValue).toArray(),
                Arrays.stream(n).mapToLong(Long::longValue).toArray(), rs.getLong("latency_zero"));
    }
}
