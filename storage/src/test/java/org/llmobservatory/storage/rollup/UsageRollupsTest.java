package org.llmobservatory.storage.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.config.Retention;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.StatusCode;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.repository.TimeRange;
import org.llmobservatory.storage.repository.TraceRepository;
import org.llmobservatory.storage.repository.UsageDimension;
import org.llmobservatory.storage.repository.UsageQuery;
import org.llmobservatory.storage.repository.UsageRow;
import org.llmobservatory.storage.schema.PartitionManager;
import org.llmobservatory.storage.support.Percentiles;
import org.llmobservatory.storage.support.Spans;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;
import org.llmobservatory.storage.writer.TraceWriter;
import org.llmobservatory.storage.writer.WriteObserver;

/**
 * The hourly usage rollups against a recomputation in Java from the distinct spans sent: exact sums and
 * percentiles within 1%, from the moment of commit (deltas), after folding, after a rebuild, with spans sent again
 * and spans arriving late for an earlier hour.
 */
class UsageRollupsTest {

    private static final String PROJECT = "rollups";
    private static final Instant T0 = Instant.parse("2031-07-01T00:00:00Z");
    private static final List<String> MODELS = List.of("gpt-4o", "claude-sonnet", "gemini-pro");
    private static final List<String> PROVIDERS = List.of("openai", "anthropic", "google");

    private TestDatabase db;
    private StoragePool pool;
    private TraceWriter writer;
    private TraceRepository traces;
    private RollupMaintenance maintenance;
    private final Random random = new Random(20311201);

    @BeforeEach
    void start() {
        db = TestServers.freshDatabase();
        pool = db.migratedPool();
        writer = new TraceWriter(pool, new PartitionManager(pool.dataSource()),
                WriterSettings.DEFAULTS.withFlushInterval(Duration.ofMillis(10)), WriteObserver.NONE);
        traces = new TraceRepository(pool, null);
        maintenance = new RollupMaintenance(pool.dataSource(), Retention.DEFAULTS, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        maintenance.close();
        writer.close();
        pool.close();
    }

    @Test
    void usage_equals_a_recomputation_from_commit_on_through_folding_and_rebuilding() throws Exception {
        List<Span> first = spans(600, 1, 6);
        List<Span> again = new ArrayList<>(first.subList(0, 150));
        again.addAll(spans(300, 1, 6));
        again.add(again.get(again.size() - 1));   // the same new span twice in one batch
        List<Span> late = spans(200, 0, 1);        // the first hour, after later hours were written
        write(first);
        write(again);
        write(late);
        List<Span> distinct = distinct(first, again, late);
        TimeRange sixHours = TimeRange.of(T0, T0.plus(Duration.ofHours(6)));

        for (UsageDimension dimension : List.of(UsageDimension.MODEL, UsageDimension.PROVIDER,
                UsageDimension.SERVICE)) {
            UsageQuery hourly = UsageQuery.of(PROJECT, sixHours, dimension).withStep(Duration.ofHours(1));
            assertThat(hourly.fromRollups()).isTrue();
            assertMatches(traces.usage(hourly), distinct, hourly);
        }
        UsageQuery whole = UsageQuery.of(PROJECT, sixHours, UsageDimension.MODEL);
        List<UsageRow> fromDeltas = traces.usage(whole);
        assertThat(count("usage_rollup_deltas")).isPositive();
        assertThat(count("usage_rollups")).isZero();

        while (new RollupCompactor(pool.dataSource()).foldOnce() > 0) {
            // Folds every delta there is.
        }
        assertThat(count("usage_rollup_deltas")).isZero();
        assertThat(count("usage_rollups")).isPositive();
        assertSameRows(traces.usage(whole), fromDeltas);

        String before = rollupTable();
        long counted = maintenance.rebuild(T0, T0.plus(Duration.ofHours(6)), spans -> { });
        assertThat(counted).isEqualTo(distinct.stream().filter(s -> s.model() != null).count());
        assertThat(rollupTable()).isEqualTo(before);
        assertSameRows(traces.usage(whole), fromDeltas);
        assertMatches(fromDeltas, distinct, whole);
    }

    @Test
    void every_grain_adds_up_to_what_its_spans_do_with_and_without_filters() throws Exception {
        List<Span> sent = spans(900, 0, 4);
        write(sent);
        maintenance.foldAll();
        assertThat(db.count("SELECT count(DISTINCT grain) FROM usage_rollups")).isEqualTo(RollupGrain.values().length);
        TimeRange window = TimeRange.of(T0, T0.plus(Duration.ofHours(4)));

        for (UsageDimension dimension : List.of(UsageDimension.MODEL, UsageDimension.PROVIDER,
                UsageDimension.SERVICE)) {
            UsageQuery q = UsageQuery.of(PROJECT, window, dimension).withStep(Duration.ofHours(1));
            assertMatches(traces.usage(q), sent, q);
            UsageQuery byProvider = q.withProvider("anthropic");
            assertMatches(traces.usage(byProvider), sent.stream().filter(s -> "anthropic".equals(s.provider()))
                    .toList(), byProvider);
            UsageQuery byModel = q.withModel("gpt-4o");
            assertMatches(traces.usage(byModel), sent.stream().filter(s -> "gpt-4o".equals(s.model())).toList(),
                    byModel);
            UsageQuery byService = q.withServiceName("svc-1");
            assertMatches(traces.usage(byService), sent.stream().filter(s -> "svc-1".equals(s.serviceName()))
                    .toList(), byService);
        }
    }

    @Test
    void a_rebuild_over_deltas_not_folded_yet_counts_each_span_once() throws Exception {
        List<Span> sent = spans(400, 0, 3);
        write(sent);
        assertThat(count("usage_rollup_deltas")).isPositive();

        maintenance.rebuild(T0, T0.plus(Duration.ofHours(3)), spans -> { });

        assertThat(count("usage_rollup_deltas")).isZero();
        UsageQuery q = UsageQuery.of(PROJECT, TimeRange.of(T0, T0.plus(Duration.ofHours(3))), UsageDimension.MODEL)
                .withStep(Duration.ofHours(1));
        assertMatches(traces.usage(q), sent, q);
    }

    @Test
    void a_window_with_partial_hours_adds_its_edges_from_five_minute_rollups_and_the_spans() throws Exception {
        List<Span> sent = spans(800, 0, 4);
        write(sent);
        List<TimeRange> windows = List.of(
                TimeRange.of(T0.plus(Duration.ofMinutes(25)), T0.plus(Duration.ofMinutes(200))),
                TimeRange.of(T0.plusSeconds(25 * 60 + 13), T0.plusSeconds(200 * 60 + 7)),
                TimeRange.of(T0.plusSeconds(70 * 60 + 1), T0.plusSeconds(95 * 60 - 1)),
                TimeRange.of(T0.plusSeconds(61 * 60), T0.plusSeconds(64 * 60)),
                TimeRange.of(T0.plusSeconds(58 * 60 + 30), T0.plusSeconds(63 * 60 + 30)));
        for (boolean folded : new boolean[] {false, true}) {
            if (folded) {
                maintenance.foldAll();
                assertThat(db.count("SELECT count(*) FROM usage_rollups WHERE grain = "
                        + RollupGrain.FIVE_MINUTES.code())).isPositive();
            }
            for (TimeRange window : windows) {
                for (UsageDimension dimension : List.of(UsageDimension.PROVIDER, UsageDimension.MODEL)) {
                    UsageQuery whole = UsageQuery.of(PROJECT, window, dimension);
                    assertMatches(traces.usage(whole), sent, whole);
                    UsageQuery hourly = whole.withStep(Duration.ofHours(1));
                    assertMatches(traces.usage(hourly), sent, hourly);
                }
            }
        }
    }

    @Test
    void token_sums_past_the_largest_long_saturate_instead_of_wrapping_or_stopping_the_folds() throws Exception {
        long huge = Long.MAX_VALUE / 2 + 1;
        write(List.of(Spans.llmCall(PROJECT, Spans.traceId(), T0.plusSeconds(10), 5).inputTokens(huge).build()));
        write(List.of(Spans.llmCall(PROJECT, Spans.traceId(), T0.plusSeconds(20), 5).inputTokens(huge).build()));
        UsageQuery q = UsageQuery.of(PROJECT, TimeRange.of(T0, T0.plus(Duration.ofHours(1))), UsageDimension.MODEL);

        assertThat(traces.usage(q)).singleElement().satisfies(r -> assertThat(r.inputTokens()).isEqualTo(Long.MAX_VALUE));
        maintenance.runOnce();
        assertThat(count("usage_rollup_deltas")).isZero();
        assertThat(traces.usage(q)).singleElement().satisfies(r -> assertThat(r.inputTokens()).isEqualTo(Long.MAX_VALUE));
        maintenance.rebuild(T0, T0.plus(Duration.ofHours(1)), spans -> { });
        assertThat(traces.usage(q)).singleElement().satisfies(r -> assertThat(r.inputTokens()).isEqualTo(Long.MAX_VALUE));
    }

    @Test
    void rollups_outlive_the_spans_they_sum() throws Exception {
        List<Span> sent = spans(300, 0, 2);
        write(sent);
        maintenance.runOnce();
        UsageQuery q = UsageQuery.of(PROJECT, TimeRange.of(T0, T0.plus(Duration.ofHours(2))), UsageDimension.MODEL);
        List<UsageRow> before = traces.usage(q);

        try (var c = pool.connection(); var st = c.createStatement()) {
            st.execute("TRUNCATE spans");   // as retention drops the day's partition
        }

        assertThat(before).isNotEmpty();
        assertSameRows(traces.usage(q), before);
        assertMatches(before, sent, q);
    }

    @Test
    void five_minute_rollups_expire_with_the_spans_and_hourly_ones_after_their_own_retention() throws Exception {
        List<Span> sent = spans(50, 0, 1);
        write(sent);
        UsageQuery hour = UsageQuery.of(PROJECT, TimeRange.of(T0, T0.plus(Duration.ofHours(1))), UsageDimension.MODEL);
        String fiveMinuteRows = "SELECT count(*) FROM usage_rollups WHERE grain = " + RollupGrain.FIVE_MINUTES.code();

        runMaintenanceAt(T0.plus(Duration.ofDays(29)));
        assertThat(db.count(fiveMinuteRows)).isPositive();

        runMaintenanceAt(T0.plus(Duration.ofDays(31)));
        assertThat(db.count(fiveMinuteRows)).isZero();
        assertThat(count("usage_rollups")).isPositive();
        assertMatches(traces.usage(hour), sent, hour);

        runMaintenanceAt(T0.plus(Duration.ofDays(401)));
        assertThat(count("usage_rollups")).isZero();
        assertThat(count("usage_rollup_deltas")).isZero();
    }

    private void runMaintenanceAt(Instant now) throws Exception {
        try (RollupMaintenance later = new RollupMaintenance(pool.dataSource(), Retention.DEFAULTS,
                Clock.fixed(now, java.time.ZoneOffset.UTC))) {
            later.runOnce();
        }
    }

    @Test
    void spans_stored_before_rollups_existed_are_rolled_up_after_the_upgrade() throws Exception {
        TestDatabase older = TestServers.freshDatabase();
        try (StoragePool olderPool = older.pool(4)) {
            org.flywaydb.core.Flyway.configure().dataSource(olderPool.dataSource())
                    .locations("classpath:db/migration").table("schema_history").target("4").load().migrate();
            new PartitionManager(olderPool.dataSource()).ensure(org.llmobservatory.storage.schema.TelemetryTable.SPANS,
                    PartitionManager.day(T0));
            try (var c = olderPool.connection(); var ps = c.prepareStatement("""
                    INSERT INTO spans (project_id, trace_id, span_id, name, kind, start_time, end_time, duration_ms,
                                       status_code, model, provider, input_tokens, cost_usd)
                    VALUES (?, ?, ?, 'chat', 'client', ?, ?, ?, 'ok', 'gpt-4o', 'openai', 10, 0.5)""")) {
                for (int i = 0; i < 40; i++) {
                    Instant start = T0.plus(Duration.ofMinutes(7L * i));
                    ps.setString(1, PROJECT);
                    ps.setString(2, Spans.traceId());
                    ps.setString(3, Spans.spanId());
                    ps.setObject(4, java.time.OffsetDateTime.ofInstant(start, java.time.ZoneOffset.UTC));
                    ps.setObject(5, java.time.OffsetDateTime.ofInstant(start.plusMillis(100 + i), java.time.ZoneOffset.UTC));
                    ps.setDouble(6, 100 + i);
                    ps.executeUpdate();
                }
            }
            // V5 queues a rebuild of those spans; V6 replaces V5's tables and queues the whole range once again.
            org.flywaydb.core.Flyway.configure().dataSource(olderPool.dataSource())
                    .locations("classpath:db/migration").table("schema_history").target("5").load().migrate();
            assertThat(older.count("SELECT count(*) FROM usage_rollup_rebuilds")).isEqualTo(1);
            new org.llmobservatory.storage.schema.Migrations(olderPool.dataSource()).apply();
            assertThat(older.count("SELECT count(*) FROM usage_rollup_rebuilds")).isEqualTo(1);
            UsageQuery fiveHours = UsageQuery.of(PROJECT, TimeRange.of(T0, T0.plus(Duration.ofHours(5))),
                    UsageDimension.MODEL);
            // Until the background task has rolled them up, the hours waiting for it are read from the spans.
            assertThat(new TraceRepository(olderPool, null).usage(fiveHours)).singleElement()
                    .satisfies(row -> assertThat(row.requests()).isEqualTo(40));

            try (RollupMaintenance upgrade = new RollupMaintenance(olderPool.dataSource(), Retention.DEFAULTS,
                    Clock.systemUTC())) {
                upgrade.runOnce();
            }

            assertThat(older.count("SELECT count(*) FROM usage_rollup_rebuilds")).isZero();
            assertThat(older.count("SELECT count(*) FROM usage_rollups")).isPositive();
            List<UsageRow> usage = new TraceRepository(olderPool, null).usage(fiveHours);
            assertThat(usage).singleElement().satisfies(row -> {
                assertThat(row.requests()).isEqualTo(40);
                assertThat(row.inputTokens()).isEqualTo(400);
                assertThat(row.costUsd()).isEqualByComparingTo("20");
                assertThat(row.p50LatencyMs()).isCloseTo(119, within(1.2));
            });
        }
    }

    // ---- the model ------------------------------------------------------------------------------------

    /** Compares with usage computed here from {@code sent}: sums exactly, percentiles within 1% of nearest rank. */
    private static void assertMatches(List<UsageRow> actual, List<Span> sent, UsageQuery q) {
        Function<Span, String> key = switch (q.groupBy()) {
            case MODEL -> Span::model;
            case PROVIDER -> Span::provider;
            case SERVICE -> Span::serviceName;
            case USER -> Span::userId;
        };
        Map<String, List<Span>> groups = new TreeMap<>(java.util.Comparator.nullsLast(
                java.util.Comparator.<String>naturalOrder()));
        for (Span s : sent) {
            if (s.model() != null && !s.startTime().isBefore(q.range().from()) && s.startTime().isBefore(q.range().to())) {
                String bucket = q.step() == null ? "" : s.startTime().truncatedTo(java.time.temporal.ChronoUnit.HOURS)
                        .toString();
                groups.computeIfAbsent(bucket + "|" + key.apply(s), g -> new ArrayList<>()).add(s);
            }
        }
        Map<String, UsageRow> byGroup = new LinkedHashMap<>();
        for (UsageRow row : actual) {
            byGroup.put((row.bucketStart() == null ? "" : row.bucketStart().toString()) + "|" + row.key(), row);
        }
        assertThat(byGroup.keySet()).containsExactlyInAnyOrderElementsOf(groups.keySet());
        groups.forEach((group, spans) -> {
            UsageRow row = byGroup.get(group);
            assertThat(row.requests()).as(group).isEqualTo(spans.size());
            assertThat(row.errors()).as(group).isEqualTo(spans.stream().filter(s -> s.statusCode() == StatusCode.ERROR)
                    .count());
            assertThat(row.inputTokens()).as(group).isEqualTo(sum(spans, Span::inputTokens));
            assertThat(row.outputTokens()).as(group).isEqualTo(sum(spans, Span::outputTokens));
            assertThat(row.totalTokens()).as(group).isEqualTo(sum(spans, Span::totalTokens));
            assertThat(row.costUsd()).as(group).isEqualByComparingTo(spans.stream().map(Span::costUsd)
                    .filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add));
            List<Double> durations = spans.stream().map(Span::durationMs).toList();
            assertThat(row.p50LatencyMs()).as(group).isCloseTo(Percentiles.nearestRank(durations, 0.5),
                    within(Percentiles.nearestRank(durations, 0.5) * 0.0100001));
            assertThat(row.p95LatencyMs()).as(group).isCloseTo(Percentiles.nearestRank(durations, 0.95),
                    within(Percentiles.nearestRank(durations, 0.95) * 0.0100001));
            assertThat(row.p99LatencyMs()).as(group).isCloseTo(Percentiles.nearestRank(durations, 0.99),
                    within(Percentiles.nearestRank(durations, 0.99) * 0.0100001));
            List<Double> ttft = spans.stream().map(Span::timeToFirstTokenMs).filter(Objects::nonNull).toList();
            assertThat(row.avgTimeToFirstTokenMs()).as(group).isCloseTo(
                    ttft.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), within(1e-6));
        });
    }

    /**
     * The same rows: counts, tokens, cost and percentiles exactly (histograms merge exactly), the mean time to first
     * token to rounding (its sum is a floating-point sum, whose last digit depends on the order of adding).
     */
    private static void assertSameRows(List<UsageRow> actual, List<UsageRow> expected) {
        assertThat(actual).usingRecursiveComparison()
                .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .withComparatorForFields((Double a, Double b) -> Math.abs(a - b) <= 1e-9 * Math.abs(b) ? 0 : 1,
                        "avgTimeToFirstTokenMs")
                .isEqualTo(expected);
    }

    private static long sum(List<Span> spans, Function<Span, Long> field) {
        return spans.stream().map(field).filter(Objects::nonNull).mapToLong(Long::longValue).sum();
    }

    @SafeVarargs
    private static List<Span> distinct(List<Span>... batches) {
        Map<String, Span> unique = new LinkedHashMap<>();
        for (List<Span> batch : batches) {
            for (Span s : batch) {
                unique.putIfAbsent(s.traceId() + "/" + s.spanId(), s);
            }
        }
        return new ArrayList<>(unique.values());
    }

    /** LLM spans (and some agent steps without a model) in hours [fromHour, toHour) after T0, heavy-tailed latencies. */
    private List<Span> spans(int count, int fromHour, int toHour) {
        List<Span> spans = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Instant start = T0.plusMillis(fromHour * 3_600_000L
                    + (long) (random.nextDouble() * (toHour - fromHour) * 3_600_000L));
            long micros = (long) Math.exp(4 + 3 * random.nextGaussian() / 1.5) + 1;
            int m = random.nextInt(MODELS.size());
            Span.Builder b = Spans.llmCall(PROJECT, Spans.traceId(), start, 0)
                    .endTime(start.plusNanos(micros * 1_000))
                    .model(MODELS.get(m))
                    .provider(PROVIDERS.get(m))
                    .serviceName(random.nextInt(4) == 0 ? null : "svc-" + random.nextInt(3))
                    .statusCode(random.nextInt(10) == 0 ? StatusCode.ERROR : StatusCode.OK)
                    .inputTokens((long) random.nextInt(5_000))
                    .outputTokens(random.nextInt(5) == 0 ? null : (long) random.nextInt(2_000))
                    .totalTokens((long) random.nextInt(7_000))
                    .costUsd(random.nextInt(6) == 0 ? null : new BigDecimal(random.nextInt(100_000)).movePointLeft(7))
                    .timeToFirstTokenMs(random.nextInt(3) == 0 ? null : random.nextDouble() * 500);
            if (random.nextInt(8) == 0) {
                b.model(null).provider(null);
            }
            spans.add(b.build());
        }
        return spans;
    }

    private void write(List<Span> spans) throws Exception {
        assertThat(writer.writeAll(spans).get().rejected()).isEmpty();
    }

    private long count(String table) {
        return db.count("SELECT count(*) FROM " + table);
    }

    /**
     * The rollup rows as text, in key order, to compare whole tables; the time-to-first-token sum to 6 decimals
     * (a floating-point sum's last digits depend on the order of adding).
     */
    private String rollupTable() {
        try (var c = pool.connection(); var st = c.createStatement(); var rs = st.executeQuery(
                "SELECT string_agg(concat_ws(' ', project_id, grain, period_start, service_name, provider, model, operation,"
                        + " status_code, requests, errors, input_tokens, output_tokens, total_tokens, cache_read_tokens,"
                        + " reasoning_tokens, cost_usd, round(ttft_sum_ms::numeric, 6), ttft_count, latency),"
                        + " E'\\n' ORDER BY project_id, grain, period_start, model, provider, service_name, operation,"
                        + " status_code) FROM usage_rollups")) {
            rs.next();
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

}
