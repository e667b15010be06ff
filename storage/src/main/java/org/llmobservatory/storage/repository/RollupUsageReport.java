package org.llmobservatory.storage.repository;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.llmobservatory.storage.query.QueryRunner;
import org.llmobservatory.storage.query.SqlStatement;
import org.llmobservatory.storage.rollup.LatencyHistogram;
import org.llmobservatory.storage.rollup.RawUsage;
import org.llmobservatory.storage.rollup.RollupGrain;
import org.llmobservatory.storage.rollup.RollupRows;
import org.llmobservatory.storage.rollup.UsageCell;

/**
 * Usage from the rollups ({@link RollupGrain}): the whole hours of the window from the coarsest hourly rollups that
 * have the dimensions grouped and filtered by, the five minutes around them from the five-minute ones, the deltas not
 * folded yet, and the minutes at its very ends (and any hours still waiting for a rebuild after an upgrade,
 * {@link WaitingRebuilds}) from the spans, in one statement, so one snapshot; the rows are merged per bucket and key
 * here. Sums are exact; percentiles come from the merged latency histograms, within 1% of the exact
 * nearest-rank value. Used when every bucket is made of whole hours ({@link UsageQuery#fromRollups()}).
 */
final class RollupUsageReport {

    private static final String EPOCH = "timestamptz '1970-01-01 00:00:00+00'";
    private static final String ROLLUP_PART = """
            SELECT %s AS bucket, %s AS key, %s
              FROM %s
             WHERE project_id = ? AND grain = ?""";
    private static final String PERIODS = " AND period_start >= ? AND period_start < ?";
    private static final String EDGE_PERIODS = " AND ((period_start >= ? AND period_start < ?)"
            + " OR (period_start >= ? AND period_start < ?))";
    /** The spans of the minutes at the edges, and of hours still waiting for a rebuild. */
    private static final String RAW_PART = """
            SELECT bucket, key, %s
              FROM (SELECT %s AS bucket, %s COLLATE "C" AS key, %s AS latency_index,
                           %s
                      FROM spans
                     WHERE project_id = ? AND model IS NOT NULL
                       AND ((start_time >= ? AND start_time < ?) OR (start_time >= ? AND start_time < ?)""";
    private static final String WAITING_SPANS = " OR (start_time >= ? AND start_time < ?)";
    private static final String NOT_WAITING = " AND NOT (period_start >= ? AND period_start < ?)";

    private final QueryRunner runner;
    private final WaitingRebuilds waiting;

    RollupUsageReport(QueryRunner runner, WaitingRebuilds waiting) {
        this.runner = runner;
        this.waiting = waiting;
    }

    List<UsageRow> usage(UsageQuery q) {
        return runner.query(UsageReport.METHOD, statement(q, waiting.ranges(q.projectId())), RollupUsageReport::row,
                RollupUsageReport::merge, List::size);
    }

    /**
     * One statement for the whole window [from, to), in four parts: the whole hours [firstHour, lastHour) from the
     * coarsest hourly rollups that answer the query; the whole five minutes around them, [firstSlot, firstHour) and
     * [lastHour, lastSlot), from the five-minute rollups; the deltas not folded yet, all five-minute ones, over
     * [firstSlot, lastSlot); and the spans of the minutes left at the ends, [from, firstSlot) and [lastSlot, to), and
     * of any period still waiting for a rebuild (which the other parts leave out). Every range is a parameter the
     * planner sees (a custom plan), so only the day partitions of the edges are scanned; a join or subquery over
     * the waiting ranges made it plan, and at times scan, every partition.
     */
    static SqlStatement statement(UsageQuery q, List<TimeRange> waitingRanges) {
        Instant from = q.range().from();
        Instant to = q.range().to();
        Instant firstSlot = ceil(from, RollupGrain.FIVE_MINUTES);
        Instant lastSlot = RollupGrain.FIVE_MINUTES.periodOf(to);
        if (!firstSlot.isBefore(lastSlot)) {
            // Not five whole minutes inside: the spans answer it all.
            firstSlot = to;
            lastSlot = to;
        }
        RollupGrain hourly = grain(q);
        Instant firstHour = ceil(firstSlot, hourly);
        Instant lastHour = hourly.periodOf(lastSlot);
        if (!firstHour.isBefore(lastHour)) {
            // No whole hour inside: five-minute rollups answer all but the ends.
            firstHour = lastSlot;
            lastHour = lastSlot;
        }
        List<TimeRange> waitingPeriods = new ArrayList<>();
        for (TimeRange r : waitingRanges) {
            Instant start = r.from().isAfter(firstSlot) ? r.from() : firstSlot;
            Instant end = r.to().isBefore(lastSlot) ? r.to() : lastSlot;
            if (start.isBefore(end)) {
                waitingPeriods.add(TimeRange.of(start, end));
            }
        }
        String column = q.groupBy().column();
        String key = "NULLIF(" + column + ", '') COLLATE \"C\"";
        SqlStatement sql = new SqlStatement();
        sql.append(ROLLUP_PART.formatted(bucket(q, "period_start"), key, RollupRows.VALUES, "usage_rollups"),
                values(q, q.projectId(), hourly.code()));
        sql.append(PERIODS, firstHour, lastHour);
        rollupEnd(sql, q, waitingPeriods);
        sql.append(ROLLUP_PART.formatted(bucket(q, "period_start"), key, RollupRows.VALUES, "usage_rollups"),
                values(q, q.projectId(), RollupGrain.FIVE_MINUTES.code()));
        sql.append(EDGE_PERIODS, firstSlot, firstHour, lastHour, lastSlot);
        rollupEnd(sql, q, waitingPeriods);
        sql.append(ROLLUP_PART.formatted(bucket(q, "period_start"), key, RollupRows.VALUES, "usage_rollup_deltas"),
                values(q, q.projectId(), RollupGrain.FIVE_MINUTES.code()));
        sql.append(PERIODS, firstSlot, lastSlot);
        rollupEnd(sql, q, waitingPeriods);
        sql.append(RAW_PART.formatted(RawUsage.AS_HISTOGRAM, bucket(q, "start_time"), column,
                RawUsage.LATENCY_INDEX, RawUsage.SUMS), values(q, q.projectId(), from, firstSlot, lastSlot, to));
        for (TimeRange r : waitingPeriods) {
            sql.append(WAITING_SPANS, r.from(), r.to());
        }
        sql.append(")");
        filters(sql, q);
        return sql.append(" GROUP BY 1, 2, 3) raw").plannedForItsValues().serial();
    }

    /** Ends a rollup part: leaves out the periods waiting for a rebuild, applies the filters. */
    private static void rollupEnd(SqlStatement sql, UsageQuery q, List<TimeRange> waitingPeriods) {
        for (TimeRange r : waitingPeriods) {
            sql.append(NOT_WAITING, r.from(), r.to());
        }
        filters(sql, q);
        sql.append("UNION ALL");
    }

    /** The first start of a period of {@code grain} at or after {@code time}. */
    private static Instant ceil(Instant time, RollupGrain grain) {
        Instant start = grain.periodOf(time);
        return start.equals(time) ? time : start.plus(grain.period());
    }

    /** The coarsest hourly grain that keeps the dimension grouped by and every dimension filtered by. */
    static RollupGrain grain(UsageQuery q) {
        Set<String> columns = new HashSet<>();
        columns.add(q.groupBy().column());
        if (q.provider() != null) {
            columns.add(UsageDimension.PROVIDER.column());
        }
        if (q.model() != null) {
            columns.add(UsageDimension.MODEL.column());
        }
        if (q.serviceName() != null) {
            columns.add(UsageDimension.SERVICE.column());
        }
        return RollupGrain.hourlyKeeping(columns);
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
        double[] p = cell.latency().quantiles(0.5, 0.95, 0.99);
        return new UsageRow(group.bucket(), group.key(), s.requests(), s.errors(), s.inputTokens(), s.outputTokens(),
                s.totalTokens(), s.cacheReadTokens(), s.reasoningTokens(), s.costUsd(),
                p[0], p[1], p[2],
                s.ttftCount() == 0 ? null : s.ttftSumMs() / s.ttftCount());
    }
}
