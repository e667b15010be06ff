package org.llmobservatory.storage.repository;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.llmobservatory.storage.query.QueryRunner;
import org.llmobservatory.storage.query.SqlStatement;

/**
 * The usage query: LLM spans of the window aggregated per dimension value and time bucket. From the hourly
 * rollups when every bucket is made of whole hours ({@link RollupUsageReport}), else from the spans, with exact
 * percentiles (this class).
 */
final class UsageReport {

    static final String METHOD = "usage";

    private static final String BUCKETED = """
            SELECT date_bin(?::bigint * interval '1 microsecond', start_time,
                            timestamptz '1970-01-01 00:00:00+00') AS bucket,""";
    private static final String WHOLE_RANGE = "SELECT NULL::timestamptz AS bucket,";
    private static final String KEY = "%s COLLATE \"C\" AS key,";
    private static final String AGGREGATES = """
                   count(*) AS requests,
                   count(*) FILTER (WHERE status_code = 'error') AS errors,
                   coalesce(sum(input_tokens), 0) AS input_tokens,
                   coalesce(sum(output_tokens), 0) AS output_tokens,
                   coalesce(sum(total_tokens), 0) AS total_tokens,
                   coalesce(sum(cache_read_tokens), 0) AS cache_read_tokens,
                   coalesce(sum(reasoning_tokens), 0) AS reasoning_tokens,
                   coalesce(sum(cost_usd), 0) AS cost_usd,
                   percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY duration_ms) AS latency,
                   avg(time_to_first_token_ms) AS avg_ttft
              FROM spans
             WHERE project_id = ? AND start_time >= ? AND start_time < ? AND model IS NOT NULL""";
    private static final String PROVIDER = "AND provider = ?";
    private static final String MODEL = "AND model = ?";
    private static final String SERVICE = "AND service_name = ?";
    private static final String GROUP = """
             GROUP BY bucket, key
             ORDER BY bucket, key NULLS LAST""";

    private final QueryRunner runner;
    private final RollupUsageReport rollups;

    UsageReport(QueryRunner runner) {
        this.runner = runner;
        this.rollups = new RollupUsageReport(runner, new WaitingRebuilds(runner));
    }

    List<UsageRow> usage(UsageQuery q) {
        return q.fromRollups() ? rollups.usage(q) : runner.list(METHOD, statement(q), UsageReport::row);
    }

    static SqlStatement statement(UsageQuery q) {
        Duration step = q.step();
        SqlStatement sql = step == null
                ? new SqlStatement().append(WHOLE_RANGE)
                : new SqlStatement().append(BUCKETED, QueryLimits.micros(step));
        // The dimension column comes from the enum's fixed set, never from input.
        return sql.append(KEY.formatted(q.groupBy().column()))
                .append(AGGREGATES, q.projectId(), q.range().from(), q.range().to())
                .filter(PROVIDER, q.provider())
                .filter(MODEL, q.model())
                .filter(SERVICE, q.serviceName())
                .append(GROUP)
                .plannedForItsValues();
    }

    private static UsageRow row(ResultSet rs) throws SQLException {
        Array latency = rs.getArray("latency");
        Double[] p = (Double[]) latency.getArray();
        return new UsageRow(Rows.instant(rs, "bucket"), rs.getString("key"), rs.getLong("requests"),
                rs.getLong("errors"), rs.getLong("input_tokens"), rs.getLong("output_tokens"),
                rs.getLong("total_tokens"), rs.getLong("cache_read_tokens"), rs.getLong("reasoning_tokens"),
                rs.getBigDecimal("cost_usd"), p[0], p[1], p[2], rs.getObject("avg_ttft", Double.class));
    }
}
