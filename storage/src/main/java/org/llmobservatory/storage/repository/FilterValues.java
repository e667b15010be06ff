package org.llmobservatory.storage.repository;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.llmobservatory.storage.query.QueryRunner;
import org.llmobservatory.storage.query.SqlStatement;
import org.llmobservatory.storage.rollup.RollupGrain;

/**
 * The filter_values query: what the trace filters can take in a window, read without scanning the window's spans.
 * Users come from a loose scan of the user index over the window's last day (one probe of each daily partition per
 * distinct user, whatever the number of spans: over 30 days and 2,000 users, 60,000 probes took half a second, so the
 * scan is kept to the day or two of partitions that hold the most recent users);
 * services, providers, models and operations from the hourly rollups of every dimension and the deltas not folded
 * into them yet, plus the services of the project's stored resources.
 */
final class FilterValues {

    static final String METHOD = "filter_values";

    private static final String VALUES = """
            WITH RECURSIVE users(value, n) AS (
                (SELECT user_id, 1 FROM spans
                  WHERE project_id = ? AND user_id IS NOT NULL AND start_time >= ? AND start_time < ?
                  ORDER BY user_id LIMIT 1)
                UNION ALL
                SELECT (SELECT s.user_id FROM spans s
                         WHERE s.project_id = ? AND s.user_id > u.value AND s.start_time >= ? AND s.start_time < ?
                         ORDER BY s.user_id LIMIT 1), u.n + 1
                  FROM users u
                 WHERE u.value IS NOT NULL AND u.n <= ?
            ), cells AS (
                SELECT service_name, provider, model, operation FROM usage_rollups
                 WHERE project_id = ? AND grain = ? AND period_start >= ? AND period_start < ?
                UNION ALL
                SELECT service_name, provider, model, operation FROM usage_rollup_deltas
                 WHERE project_id = ? AND period_start >= ? AND period_start < ?
            )
            SELECT 'user' AS dimension, value FROM users WHERE value IS NOT NULL
            UNION ALL
            SELECT 'service', value FROM (SELECT service_name AS value FROM cells
                                          UNION SELECT attributes ->> 'service.name' FROM span_resources
                                                 WHERE project_id = ?) v
            UNION ALL
            SELECT 'provider', value FROM (SELECT DISTINCT provider AS value FROM cells) v
            UNION ALL
            SELECT 'model', value FROM (SELECT DISTINCT model AS value FROM cells) v
            UNION ALL
            SELECT 'operation', value FROM (SELECT DISTINCT operation AS value FROM cells) v""";

    /** How far back from the window's end users are looked for. */
    static final Duration USER_LOOKBACK = Duration.ofDays(1);

    private record Value(String dimension, String value) {
    }

    private final QueryRunner runner;

    FilterValues(QueryRunner runner) {
        this.runner = runner;
    }

    SpanValues values(String projectId, TimeRange range) {
        QueryLimits.projectId(projectId);
        QueryLimits.range(range);
        RollupGrain hourly = RollupGrain.ALL;
        Instant usersFrom = range.from().isBefore(range.to().minus(USER_LOOKBACK))
                ? range.to().minus(USER_LOOKBACK) : range.from();
        SqlStatement sql = new SqlStatement().append(VALUES, projectId, usersFrom, range.to(), projectId,
                usersFrom, range.to(), SpanValues.MAX_VALUES, projectId, hourly.code(), hourly.periodOf(range.from()),
                range.to(), projectId, RollupGrain.FIVE_MINUTES.periodOf(range.from()), range.to(), projectId);
        return runner.query(METHOD, sql, rs -> new Value(rs.getString("dimension"), rs.getString("value")),
                FilterValues::group, v -> v.users().size() + v.services().size() + v.providers().size()
                        + v.models().size() + v.operations().size());
    }

    private static SpanValues group(List<Value> rows) {
        Map<String, List<String>> by = new HashMap<>();
        for (Value row : rows) {
            // Rollups store a dimension they sum over, or a span without it, as "".
            if (row.value() != null && !row.value().isEmpty()) {
                by.computeIfAbsent(row.dimension(), d -> new ArrayList<>()).add(row.value());
            }
        }
        return new SpanValues(sorted(by, "service"), sorted(by, "provider"), sorted(by, "model"),
                sorted(by, "operation"), sorted(by, "user"));
    }

    /** Sorted here, not in SQL, so the order is the same whatever the database collation. */
    static List<String> sorted(Map<String, List<String>> by, String dimension) {
        return by.getOrDefault(dimension, List.of()).stream().distinct().sorted().limit(SpanValues.MAX_VALUES).toList();
    }
}
