package org.llmobservatory.storage.repository;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmobservatory.storage.rollup.LatencyHistogram;
import org.llmobservatory.storage.rollup.RawUsage;
import org.llmobservatory.storage.rollup.RollupRows;
import org.llmobservatory.storage.rollup.UsageCell;

/**
 * Usage from the hourly rollups: the whole hours of the window from {@code usage_rollups} and the deltas not folded
 * into them yet, the partial hours at its edges (and any hours still waiting for a rebuild after an upgrade,
 * {@link WaitingRebuilds}) from the spans, in one statement, so one snapshot; the rows are merged per bucket and key
 * here. Sums are exact; percentiles come from the merged latency histograms, within 1% of the exact
 * nearest-rank value. Used when every bucket is made of whole hours ({@link UsageQuery#fromRollups()}).
 */
final class RollupUsageReport {

    private static final String EPOCH = "timestamptz '1970-01-01 00:00:00+00'";
    private static final String ROLLUP_PART = """
            SELECT %s AS bucket, %s AS key, %s
              FROM %s
             WHERE project_id = ? AND hour >= ? AND hour < ?""";
    /** The spans of the partial hours at the edges, and of whole hours still waiting for a rebuild. */
    private static final String RAW_PART = """
            SELECT bucket, key, %s
              FROM (SELECT %s AS bucket, %s COLLATE "C" AS key, %s AS latency_index,
                           %s
                      FROM spans
                     WHERE project_id = ? AND model IS NOT NULL
                       AND ((start_time >= ? AND start_time < ?) OR (start_time >= ? AND start_time < ?)""";
    private static final String WAITING_SPANS = " OR (start_time >= ? AND start_time < ?)";
    private static final String WAITING_HOURS = " AND NOT (hour >= ? AND hour < ?)";

    private final QueryRunner runner;
    private final WaitingRebuilds waiting;

    RollupUsageReport(QueryRunner runner, WaitingRebuilds waiting) {
        this.runner = runner;
        this.waiting = waiting;
    }

    List<UsageRow> usage(UsageQuery q) {
        return runner.query(UsageReport.METHOD, statement(q, waiting.ranges()), RollupUsageReport::row,
                RollupUsageReport::merge, List::size);
    }

    /**
     * One statement for the whole window. Every range is a parameter the planner sees (a custom plan), so only the
     * day partitions of the edges are scanned; a join or subquery over the waiting ranges made it plan, and at
     * times scan, every partition.
     */
    static SqlStatement statement(UsageQuery q, List<TimeRange> waitingRanges) {
        Instant from = q.range().from();
        Instant to = q.range().to();
        Instant firstHour = from.truncatedTo(ChronoUnit.HOURS).equals(from) ? from
                : from.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant lastHour = to.truncatedTo(ChronoUnit.HOURS);
        if (!firstHour.isBefore(lastHour)) {
            // No whole hour inside: the spans answer it all.
            firstHour = to;
            lastHour = to;
        }
        List<TimeRange> waitingHours = new ArrayList<>();
        for (TimeRange r : waitingRanges) {
            Instant start = r.from().isAfter(firstHour) ? r.from() : firstHour;
            Instant end = r.to().isBefore(lastHour) ? r.to() : lastHour;
            if (start.isBefore(end)) {
                waitingHours.add(TimeRange.of(start, end));
            }
        }
        String column = q.groupBy().column();
        SqlStatement sql = new SqlStatement();
        for (String table : List.of("usage_rollups", "usage_rollup_deltas")) {
            sql.append(ROLLUP_PART.formatted(bucket(q, "hour"), "NULLIF(" + column + ", '') COLLATE \"C\"",
                    RollupRows.VALUES, table), values(q, q.projectId(), firstHour, lastHour));
            for (TimeRange r : waitingHours) {
                sql.append(WAITING_HOURS, r.from(), r.to());
            }
            filters(sql, q);
            sql.append("UNION ALL");
        }
        sql.append(RAW_PART.formatted(RawUsage.AS_HISTOGRAM, bucket(q, "start_time"), column,
                RawUsage.LATENCY_INDEX, RawUsage.SUMS), values(q, q.projectId(), from, firstHour, lastHour, to));
        for (TimeRange r : waitingHours) {
            sql.append(WAITING_SPANS, r.from(), r.to());
        }
        sql.append(")");
        filters(sql, q);
        return sql.append(" GROUP BY 1, 2, 3) raw").plannedForItsValues();
    }

    /** The bucket expression: epoch-aligned buckets of the step (its width bound first), or one bucket. */
    private static String bucket(UsageQuery q, String timeColumn) {
        return q.step() == null ? "NULL::timestamptz"
                : "date_bin(?::bigint * interval '1 microsecond', " + timeColumn + ", " + EPOCH + ")";
    }

    /** The values of a part: the step's width first when it has one (its bucket expression comes first). */
    private static Object[] values(UsageQuery q, Object... rest) {
        if (q.step() == null) {
            return rest;
        }
        Object[] all = new Object[rest.length + 1];
        all[0] = QueryLimits.micros(q.step());
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static void filters(SqlStatement sql, UsageQuery q) {
        sql.filter("AND provider = ?", q.provider())
                .filter("AND model = ?", q.model())
                .filter("AND service_name = ?", q.serviceName());
    }

    private record Part(Instant bucket, String key, UsageCell.Sums sums, LatencyHistogram latency) {
    }

    private static Part row(ResultSet rs) throws SQLException {
        return new Part(Rows.instant(rs, "bucket"), rs.getString("key"), RollupRows.sums(rs), RollupRows.latency(rs));
    }

    private record Group(Instant bucket, String key) {
    }

    private static List<UsageRow> merge(List<Part> parts) {
        Map<Group, UsageCell> cells = new LinkedHashMap<>();
        for (Part p : parts) {
            cells.computeIfAbsent(new Group(p.bucket(), p.key()), g -> new UsageCell()).add(p.sums(), p.latency());
        }
        return cells.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(ORDER))
                .map(e -> usageRow(e.getKey(), e.getValue()))
                .toList();
    }

    /** Buckets in time order, then keys as PostgreSQL's "C" collation orders them (by UTF-8 bytes), null last. */
    private static final Comparator<Group> ORDER = Comparator
            .comparing(Group::bucket, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
            .thenComparing(Group::key, Comparator.nullsLast((a, b) -> Arrays.compareUnsigned(
                    a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8))));

    private static UsageRow usageRow(Group group, UsageCell cell) {
        UsageCell.Sums s = cell.sums();
        LatencyHistogram latency = cell.latency();
        return new UsageRow(group.bucket(), group.key(), s.requests(), s.errors(), s.inputTokens(), s.outputTokens(),
                s.totalTokens(), s.cacheReadTokens(), s.reasoningTokens(), s.costUsd(),
                latency.quantile(0.5).orElse(0), latency.quantile(0.95).orElse(0), latency.quantile(0.99).orElse(0),
                s.ttftCount() == 0 ? null : s.ttftSumMs() / s.ttftCount());
    }
}
