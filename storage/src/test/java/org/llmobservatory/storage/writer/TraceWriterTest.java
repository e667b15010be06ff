package org.llmobservatory.storage.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.llmobservatory.storage.config.WriteMethod;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.error.ErrorType;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.schema.PartitionManager;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.RecordingWriteObserver;
import org.llmobservatory.storage.support.SampleTelemetry;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

class TraceWriterTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);
    /** For tests that control flushing themselves. */
    private static final WriterSettings SLOW_INTERVAL = WriterSettings.DEFAULTS.withFlushInterval(Duration.ofHours(1));
    /** For tests that just want their items written soon. */
    private static final WriterSettings FAST = WriterSettings.DEFAULTS.withFlushInterval(Duration.ofMillis(20));

    private static TestDatabase db;
    private static StoragePool pool;
    private static PartitionManager partitions;

    @BeforeAll
    static void start() {
        db = TestServers.freshDatabase();
        pool = db.migratedPool();
        partitions = new PartitionManager(pool.dataSource());
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    private static String project() {
        return "p-" + UUID.randomUUID();
    }

    private static TraceWriter writer(WriterSettings settings, WriteObserver observer) {
        return new TraceWriter(pool, partitions, settings, observer);
    }

    @ParameterizedTest
    @EnumSource(value = WriteMethod.class, names = {"COPY", "INSERT"})
    void every_span_field_survives_the_round_trip(WriteMethod method) throws Exception {
        String project = project();
        Span sent = SampleTelemetry.llmSpan(project, SampleTelemetry.traceId(), NOW);
        Span child = sent.toBuilder().spanId(SampleTelemetry.spanId()).parentSpanId(sent.spanId())
                .name("tool get_order").provider(null).model(null).operation("execute_tool").inputTokens(null)
                .outputTokens(null).totalTokens(null).cacheReadTokens(null).reasoningTokens(null).costUsd(null)
                .timeToFirstTokenMs(null).attributes(null).events(null).build();
        var observer = new RecordingWriteObserver();
        try (TraceWriter w = writer(FAST.withMethod(method), observer)) {
            w.writeAll(List.of(sent, child)).get(30, TimeUnit.SECONDS);
        }
        assertThat(observer.commits).extracting(RecordingWriteObserver.Commit::method).containsOnly(method);

        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("""
                SELECT encode(trace_id, 'hex'), name, kind, service_name, start_time, end_time, duration_ms,
                       status_code, provider, model, operation, input_tokens, output_tokens, total_tokens,
                       cache_read_tokens, reasoning_tokens, cost_usd, time_to_first_token_ms, finish_reason, user_id,
                       session_id, environment, attributes ->> 'custom',
                       (SELECT r.attributes ->> 'service.name' FROM span_resources r
                         WHERE r.project_id = spans.project_id AND r.resource_id = spans.resource_id),
                       jsonb_array_length(events), input_content, output_content, parent_span_id
                  FROM spans WHERE project_id = ? AND span_id = decode(?, 'hex')""")) {
            ps.setString(1, project);
            ps.setString(2, sent.spanId());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(sent.traceId());
                assertThat(rs.getString(2)).isEqualTo("chat gpt-4o");
                assertThat(rs.getString(3)).isEqualTo("client");
                assertThat(rs.getString(4)).isEqualTo("support-bot");
                assertThat(rs.getTimestamp(5).toInstant()).isEqualTo(NOW);
                assertThat(rs.getTimestamp(6).toInstant()).isEqualTo(sent.endTime().truncatedTo(ChronoUnit.MICROS));
                assertThat(rs.getDouble(7)).isEqualTo(1234.567);
                assertThat(rs.getString(8)).isEqualTo("ok");
                assertThat(rs.getString(9)).isEqualTo("openai");
                assertThat(rs.getString(10)).isEqualTo("gpt-4o");
                assertThat(rs.getString(11)).isEqualTo("chat");
                assertThat(rs.getLong(12)).isEqualTo(1200);
                assertThat(rs.getLong(13)).isEqualTo(350);
                assertThat(rs.getLong(14)).isEqualTo(1550);
                assertThat(rs.getLong(15)).isEqualTo(200);
                assertThat(rs.getLong(16)).isZero();
                assertThat(rs.getBigDecimal(17)).isEqualByComparingTo("0.0065");
                assertThat(rs.getDouble(18)).isEqualTo(212.5);
                assertThat(rs.getString(19)).isEqualTo("stop");
                assertThat(rs.getString(20)).isEqualTo("user-42");
                assertThat(rs.getString(21)).isEqualTo("session-7");
                assertThat(rs.getString(22)).isEqualTo("production");
                assertThat(rs.getString(23)).isEqualTo("kept");
                assertThat(rs.getString(24)).isEqualTo("support-bot");
                assertThat(rs.getInt(25)).isEqualTo(1);
                assertThat(rs.getString(26)).isEqualTo("What is my order status?");
                assertThat(rs.getString(27)).isEqualTo("Your order shipped yesterday.");
                assertThat(rs.getString(28)).isNull();
            }
        }
        assertThat(db.count("SELECT count(*) FROM spans WHERE project_id = ? AND parent_span_id = decode(?, 'hex')"
                + " AND model IS NULL"
                + " AND cost_usd IS NULL AND attributes = '{}'::jsonb AND events = '[]'::jsonb", project,
                sent.spanId())).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = WriteMethod.class, names = {"COPY", "INSERT"})
    void costs_keep_every_digit(WriteMethod method) throws Exception {
        String project = project();
        List<String> costs = List.of("0", "1", "0.0001234", "12345678.123456789", "-2.5", "1E+3", "0.00000001",
                "9999999999.9999999999", "10000", "0.1");
        List<Span> spans = new ArrayList<>();
        for (String cost : costs) {
            spans.add(SampleTelemetry.llmSpan(project, SampleTelemetry.traceId(), NOW).toBuilder()
                    .costUsd(new BigDecimal(cost)).name(cost).build());
        }
        try (TraceWriter w = writer(FAST.withMethod(method), WriteObserver.NONE)) {
            w.writeAll(spans).get(30, TimeUnit.SECONDS);
        }
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT name, cost_usd FROM spans WHERE project_id = ?")) {
            ps.setString(1, project);
            try (ResultSet rs = ps.executeQuery()) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    assertThat(rs.getBigDecimal(2)).as(rs.getString(1))
                            .isEqualByComparingTo(new BigDecimal(rs.getString(1)));
                }
                assertThat(rows).isEqualTo(costs.size());
            }
        }
    }

    @Test
    void a_future_completes_only_after_its_span_is_committed() throws Exception {
        String project = project();
        try (TraceWriter w = writer(SLOW_INTERVAL, WriteObserver.NONE)) {
            CompletableFuture<Void> written = w.write(SampleTelemetry.llmSpan(project, SampleTelemetry.traceId(), NOW));
            assertThat(written).isNotDone();
            assertThat(w.buffered()).isEqualTo(1);
            assertThat(db.count("SELECT count(*) FROM spans WHERE project_id = ?", project)).isZero();

            w.flush().get(30, TimeUnit.SECONDS);

            written.get(30, TimeUnit.SECONDS);
            assertThat(w.buffered()).isZero();
            assertThat(db.count("SELECT count(*) FROM spans WHERE project_id = ?", project)).isEqualTo(1);
        }
    }

    @Test
    void a_full_batch_flushes_without_waiting_for_the_interval() throws Exception {
        String project = project();
        var observer = new RecordingWriteObserver();
        try (TraceWriter w = writer(SLOW_INTERVAL.withBatchSize(50), observer)) {
            w.writeAll(SampleTelemetry.llmSpans(project, 50, NOW)).get(30, TimeUnit.SECONDS);
        }
        assertThat(observer.flushes).containsExactly(FlushTrigger.SIZE);
        assertThat(db.count("SELECT count(*) FROM spans WHERE project_id = ?", project)).isEqualTo(50);
    }

    @Test
    void buffered_spans_flush_when_the_interval_passes() throws Exception {
        String project = project();
        var observer = new RecordingWriteObserver();
        try (TraceWriter w = writer(WriterSettings.DEFAULTS.withFlushInterval(Duration.ofMillis(100)), observer)) {
            w.writeAll(SampleTelemetry.llmSpans(project, 3, NOW)).get(30, TimeUnit.SECONDS);
            // The flush is reported just after its items are settled.
            Eventually.await(Duration.ofSeconds(5), "flush reported", () -> !observer.flushes.isEmpty());
            assertThat(observer.flushes).containsExactly(FlushTrigger.INTERVAL);
        }
        assertThat(db.count("SELECT count(*) FROM spans WHERE project_id = ?", project)).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(value = WriteMethod.class, names = {"COPY", "INSERT"})
    void sending_the_same_spans_again_stores_them_once(WriteMethod method) throws Exception {
        String project = project();
        List<Span> first = SampleTelemetry.llmSpans(project, 100, NOW);
        List<Span> overlapping = new ArrayList<>(first.subList(50, 100));
        overlapping.addAll(SampleTelemetry.llmSpans(project, 30, NOW.plusSeconds(1)));
        var observer = new RecordingWriteObserver();
        try (TraceWriter w = writer(FAST.withMethod(method), observer)) {
            assertThat(w.writeAll(first).get(30, TimeUnit.SECONDS).committed()).isEqualTo(100);
            assertThat(w.writeAll(first).get(30, TimeUnit.SECONDS).committed()).isEqualTo(100);
            assertThat(w.writeAll(overlapping).get(30, TimeUnit.SECONDS).committed()).isEqualTo(80);
            w.flush().get(30, TimeUnit.SECONDS);
        }
        assertThat(db.count("SELECT count(*) FROM spans WHERE project_id = ?", project)).isEqualTo(130);
        assertThat(observer.commits).extracting(RecordingWriteObserver.Commit::inserted).containsExactly(100, 0, 30);
    }

    @ParameterizedTest
    @EnumSource(value = WriteMethod.class, names = {"COPY", "INSERT"})
    void a_resource_is_stored_once_per_project_and_each_span_keeps_its_own(WriteMethod method) throws Exception {
        String project = project();
        String checkout = "{\"service.name\": \"checkout\", \"host.name\": \"a\"}";
        String search = "{\"service.name\": \"search\", \"host.name\": \"b\"}";
        List<Span> spans = new ArrayList<>();
        for (Span s : SampleTelemetry.llmSpans(project, 120, NOW)) {
            spans.add(s.toBuilder().resourceAttributes(spans.size() % 3 == 0 ? search : checkout).build());
        }
        try (TraceWriter w = writer(FAST.withMethod(method), WriteObserver.NONE)) {
            w.writeAll(spans.subList(0, 60)).get(30, TimeUnit.SECONDS);
            w.writeAll(spans).get(30, TimeUnit.SECONDS);
        }
        assertThat(db.count("SELECT count(*) FROM span_resources WHERE project_id = ?", project)).isEqualTo(2);
        assertThat(db.count("""
                SELECT count(*) FROM spans s JOIN span_resources r USING (project_id, resource_id)
                 WHERE s.project_id = ? AND r.attributes ->> 'service.name' = 'search'""", project)).isEqualTo(40);
        assertThat(db.count("SELECT count(DISTINCT resource_id) FROM spans WHERE project_id = ?", project))
                .isEqualTo(2);
    }

    @Test
    void a_span_resent_through_the_other_write_method_is_still_stored_once() throws Exception {
        String project = project();
        // Nanosecond digits: COPY and INSERT must both drop them the same way.
        Instant precise = Instant.parse("2026-11-20T10:00:00.123456789Z");
        Instant now = Instant.now();
        precise = precise.plusSeconds(now.getEpochSecond() - precise.getEpochSecond());
        List<Span> spans = SampleTelemetry.llmSpans(project, 100, precise);
        try (TraceWriter copy = writer(FAST.withMethod(WriteMethod.COPY), WriteObserver.NONE);
                TraceWriter insert = writer(FAST.withMethod(WriteMethod.INSERT), WriteObserver.NONE)) {
            copy.writeAll(spans).get(30, TimeUnit.SECONDS);
            insert.writeAll(spans).get(30, TimeUnit.SECONDS);
            insert.writeAll(SampleTelemetry.llmSpans(project, 1, precise.plusNanos(999))).get(30, TimeUnit.SECONDS);
        }
        assertThat(db.count("SELECT count(*) FROM spans WHERE project_id = ?", project)).isEqualTo(101);
    }

    @ParameterizedTest
    @EnumSource(value = WriteMethod.class, names = {"COPY", "INSERT"})
    void a_bad_span_is_reported_and_its_neighbours_land(WriteMethod method) throws Exception {
        String project = project();
        List<Span> spans = new ArrayList<>(SampleTelemetry.llmSpans(project, 40, NOW));
        // PostgreSQL refuses NUL in text and malformed JSON; both must stay with their own span.
        spans.set(7, spans.get(7).toBuilder().name("bad\u0000name").build());
        spans.set(31, spans.get(31).toBuilder().attributes("{not json").build());
        // The resource is stored apart from the span, in the same transaction: it must fail its span alone too.
        spans.set(19, spans.get(19).toBuilder().resourceAttributes("{\"service.name\": ").build());
        var observer = new RecordingWriteObserver();
        WriteOutcome outcome;
        try (TraceWriter w = writer(FAST.withMethod(method), observer)) {
            outcome = w.writeAll(spans).get(30, TimeUnit.SECONDS);
        }
        assertThat(outcome.committed()).isEqualTo(37);
        assertThat(outcome.rejected()).extracting(RejectedItem::index).containsExactly(7, 19, 31);
        assertThat(outcome.rejected()).extracting(RejectedItem::errorType).containsOnly(ErrorType.DATA);
        assertThat(outcome.rejected().get(1).message()).contains("json");
        assertThat(outcome.rejected().get(2).message()).contains("json");
        assertThat(observer.rejections).hasSize(3);
        assertThat(db.count("SELECT count(*) FROM spans WHERE project_id = ?", project)).isEqualTo(37);
    }

    @Test
    void write_of_a_single_bad_span_fails_with_the_database_reason() {
        String project = project();
        Span bad = SampleTelemetry.llmSpan(project, SampleTelemetry.traceId(), NOW).toBuilder().model("x\u0000").build();
        try (TraceWriter w = writer(WriterSettings.DEFAULTS.withFlushInterval(Duration.ofMillis(20)),
                WriteObserver.NONE)) {
            assertThatThrownBy(() -> w.write(bad).join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(RejectedItemException.class)
                    .hasMessageContaining("22021");
        }
    }

    @Test
    void a_full_buffer_refuses_new_spans_at_once_and_keeps_what_it_holds() throws Exception {
        String project = project();
        var observer = new RecordingWriteObserver();
        WriterSettings small = SLOW_INTERVAL.withBatchSize(100).withBufferCapacity(100);
        try (TraceWriter w = writer(small, observer)) {
            CompletableFuture<WriteOutcome> held = w.writeAll(SampleTelemetry.llmSpans(project, 60, NOW));
            CompletableFuture<WriteOutcome> refused = w.writeAll(SampleTelemetry.llmSpans(project, 50, NOW));

            assertThat(refused).isCompletedExceptionally();
            assertThatThrownBy(refused::join).cause().isInstanceOf(BufferFullException.class)
                    .hasMessageContaining("retry later");
            assertThat(observer.refused).hasValue(50);
            assertThat(w.buffered()).isEqualTo(60);

            w.flush().get(30, TimeUnit.SECONDS);
            assertThat(held.get().committed()).isEqualTo(60);
            // Room again once the buffer has drained.
            assertThat(w.writeAll(SampleTelemetry.llmSpans(project, 50, NOW.plusSeconds(1)))).isNotDone();
        }
        assertThat(db.count("SELECT count(*) FROM spans WHERE project_id = ?", project)).isEqualTo(110);
    }

    @Test
    void inserts_of_large_batches_stay_under_the_parameter_limit() throws Exception {
        String project = project();
        int count = 5_000; // 32 columns: 160,000 parameters, more than twice PostgreSQL's limit
        try (TraceWriter w = writer(FAST.withBatchSize(count).withMethod(WriteMethod.INSERT),
                WriteObserver.NONE)) {
            assertThat(w.writeAll(SampleTelemetry.llmSpans(project, count, NOW)).get(60, TimeUnit.SECONDS)
                    .committed()).isEqualTo(count);
        }
        assertThat(db.count("SELECT count(*) FROM spans WHERE project_id = ?", project)).isEqualTo(count);
    }

    @Test
    void spans_of_other_days_find_their_partitions() throws Exception {
        String project = project();
        Instant lastWeek = NOW.minus(Duration.ofDays(6));
        Instant tomorrow = NOW.plus(Duration.ofDays(1));
        try (TraceWriter w = writer(FAST, WriteObserver.NONE)) {
            w.writeAll(List.of(SampleTelemetry.llmSpan(project, SampleTelemetry.traceId(), lastWeek),
                    SampleTelemetry.llmSpan(project, SampleTelemetry.traceId(), tomorrow))).get(30, TimeUnit.SECONDS);
        }
        assertThat(db.count("SELECT count(*) FROM spans WHERE project_id = ?", project)).isEqualTo(2);
        assertThat(partitions.partitions(org.llmobservatory.storage.schema.TelemetryTable.SPANS))
                .contains("spans_p" + PartitionManager.day(lastWeek).toString().replace("-", ""));
    }

    @Test
    void closing_drains_the_buffer_and_then_refuses_work() throws Exception {
        String project = project();
        TraceWriter w = writer(SLOW_INTERVAL, WriteObserver.NONE);
        CompletableFuture<WriteOutcome> pending = w.writeAll(SampleTelemetry.llmSpans(project, 25, NOW));
        w.close();
        assertThat(pending).isCompleted();
        assertThat(db.count("SELECT count(*) FROM spans WHERE project_id = ?", project)).isEqualTo(25);
        assertThatThrownBy(() -> w.write(SampleTelemetry.llmSpan(project, SampleTelemetry.traceId(), NOW)).join())
                .cause().isInstanceOf(WriteFailedException.class).hasMessageContaining("closed");
    }

    @Test
    void concurrent_writers_lose_nothing() throws Exception {
        String project = project();
        var observer = new RecordingWriteObserver();
        List<CompletableFuture<WriteOutcome>> futures = new ArrayList<>();
        try (TraceWriter w = writer(WriterSettings.DEFAULTS.withBatchSize(500).withFlushInterval(Duration.ofMillis(10)),
                observer)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 25; i++) {
                        var f = w.writeAll(SampleTelemetry.llmSpans(project, 40, NOW.plusSeconds(offset * 100L + i)));
                        synchronized (futures) {
                            futures.add(f);
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        assertThat(db.count("SELECT count(*) FROM spans WHERE project_id = ?", project)).isEqualTo(4000);
        Eventually.await(Duration.ofSeconds(5), "all commits observed",
                () -> observer.commits.stream().mapToInt(RecordingWriteObserver.Commit::inserted).sum() == 4000);
    }
}
