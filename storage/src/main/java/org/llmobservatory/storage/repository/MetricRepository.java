package org.llmobservatory.storage.repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.query.QueryObserver;
import org.llmobservatory.storage.query.QueryRunner;
import org.llmobservatory.storage.query.RepositoryKind;
import org.llmobservatory.storage.query.Rerouting;
import org.llmobservatory.storage.query.SqlStatement;
import org.llmobservatory.storage.query.StorageQueryException;

/**
 * Reads metric points as time series: one metric, bucketed by a step, aggregated per bucket and
 * optionally split by an attribute. Invalid arguments throw {@link IllegalArgumentException};
 * database failures {@link StorageQueryException}.
 *
 * <p>Gauge and sum points contribute their {@code value}: AVG, SUM, MIN and MAX aggregate the values,
 * COUNT counts points and LAST is the latest value. Histogram-like points (histogram, exponential
 * histogram, summary) contribute their observations instead: AVG is {@code sum(sum) / sum(count)},
 * the mean observation; SUM is {@code sum(sum)}; COUNT is {@code sum(count)}, the number of
 * observations; MIN and MAX use the points' {@code min} and {@code max}; LAST is the latest point's
 * {@code sum / count}. Points are aggregated as stored: cumulative sums are not turned into rates.
 */
public final class MetricRepository {

    private static final String SERIES = "series";
    private static final String NAMES = "metric_names";

    /** A loose scan of the name index: one probe per distinct name, however many points each has. */
    private static final String METRIC_NAMES = """
            WITH RECURSIVE names(name, n) AS (
                (SELECT metric_name, 1 FROM metric_points
                  WHERE project_id = ? AND time >= ? AND time < ?
                  ORDER BY metric_name LIMIT 1)
                UNION ALL
                SELECT (SELECT p.metric_name FROM metric_points p
                         WHERE p.project_id = ? AND p.metric_name > names.name AND p.time >= ? AND p.time < ?
                         ORDER BY p.metric_name LIMIT 1), names.n + 1
                  FROM names
                 WHERE names.name IS NOT NULL AND names.n < ?
            )
            SELECT name FROM names WHERE name IS NOT NULL""";

    private static final String GROUPED = "SELECT (attributes ->> ?) COLLATE \"C\" AS label,";
    private static final String UNGROUPED = "SELECT NULL::text AS label,";
    private static final String POINTS = """
                   date_bin(?::bigint * interval '1 microsecond', time,
                            timestamptz '1970-01-01 00:00:00+00') AS bucket,
                   time,
                   series_id,
                   CASE WHEN histogram THEN sum ELSE value END AS total,
                   CASE WHEN histogram THEN count ELSE 1 END AS weight,
                   CASE WHEN histogram THEN min ELSE value END AS low,
                   CASE WHEN histogram THEN max ELSE value END AS high
              FROM (SELECT *, metric_type IN ('histogram', 'exponential_histogram', 'summary') AS histogram
                      FROM metric_points
                     WHERE project_id = ? AND metric_name = ? AND time >= ? AND time < ?""";
    private static final String SERVICE = "AND service_name = ?";
    private static final String AGGREGATE = """
                   ) typed
            )
            SELECT label, bucket, %1$s AS value
              FROM points
             GROUP BY label, bucket
            HAVING %1$s IS NOT NULL
             ORDER BY label NULLS FIRST, bucket""";

    private final QueryRunner runner;

    public MetricRepository(StoragePool pool, QueryObserver observer) {
        this(pool.dataSource(), observer);
    }

    /** Reads through one data source; a failed read fails. */
    public MetricRepository(DataSource reads, QueryObserver observer) {
        this(reads, Rerouting.NEVER, observer);
    }

    /**
     * Reads through {@code reads}, such as the storage's read routing (replica or primary), running a failed read
     * once more when {@code rerouting} says so.
     */
    public MetricRepository(DataSource reads, Rerouting rerouting, QueryObserver observer) {
        this.runner = new QueryRunner(reads, rerouting, observer, RepositoryKind.METRIC);
    }

    /** The series of the query, ordered by label value (ungrouped first); empty when no point matched. */
    public List<Series> series(SeriesQuery q) {
        return runner.query(SERIES, statement(q), MetricRepository::row, rows -> group(q.groupBy(), rows),
                series -> series.stream().mapToInt(s -> s.points().size()).sum());
    }

    /** The names of the metrics with points in the window, sorted, at most {@code max} of them. */
    public List<String> metricNames(String projectId, TimeRange range, int max) {
        QueryLimits.projectId(projectId);
        QueryLimits.range(range);
        QueryLimits.limit(max);
        SqlStatement sql = new SqlStatement().append(METRIC_NAMES, projectId, range.from(), range.to(), projectId,
                range.from(), range.to(), max);
        // Sorted here, not in SQL, so the order is the same whatever the database collation.
        return runner.query(NAMES, sql, rs -> rs.getString("name"), names -> names.stream().sorted().toList(),
                List::size);
    }

    static SqlStatement statement(SeriesQuery q) {
        SqlStatement sql = new SqlStatement().append("WITH points AS (");
        if (q.groupBy() == null) {
            sql.append(UNGROUPED);
        } else {
            sql.append(GROUPED, q.groupBy());
        }
        return sql.append(POINTS, QueryLimits.micros(q.step()), q.projectId(), q.metricName(), q.range().from(),
                        q.range().to())
                .filter(SERVICE, q.serviceName())
                // The aggregate comes from the enum's fixed set, never from input.
                .append(AGGREGATE.formatted(q.aggregation().expression()));
    }

    private record Row(String label, Instant bucket, double value) {
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("label"), Rows.instant(rs, "bucket"), rs.getDouble("value"));
    }

    private static List<Series> group(String key, List<Row> rows) {
        Map<String, List<SeriesPoint>> byLabel = new LinkedHashMap<>();
        for (Row r : rows) {
            byLabel.computeIfAbsent(r.label(), l -> new ArrayList<>()).add(new SeriesPoint(r.bucket(), r.value()));
        }
        List<Series> series = new ArrayList<>(byLabel.size());
        byLabel.forEach((label, points) ->
                series.add(new Series(label == null ? Map.of() : Map.of(key, label), points)));
        return series;
    }
}
