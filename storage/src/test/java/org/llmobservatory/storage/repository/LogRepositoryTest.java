package org.llmobservatory.storage.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.llmobservatory.storage.model.LogRecord;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.query.RepositoryKind;
import org.llmobservatory.storage.support.RecordingQueryObserver;
import org.llmobservatory.storage.support.Spans;
import org.llmobservatory.storage.support.TelemetryLoader;
import org.llmobservatory.storage.support.TestServers;

class LogRepositoryTest {

    private static final String PROJECT = "logs";
    private static final Instant FROM = Instant.parse("2031-04-05T10:00:00Z");
    private static final TimeRange WINDOW = TimeRange.of(FROM, FROM.plusSeconds(3600));
    private static final Comparator<LogRecord> NEWEST_FIRST = Comparator.comparing(LogRecord::time)
            .thenComparing(r -> r.logId().toString()).reversed();
    private static final List<String> BODIES = List.of(
            "discount 50% applied", "discount 500 applied", "field user_id missing", "field userXid missing",
            "ERROR Timeout calling model", "path C:\\temp\\cache written", "request served");

    private static StoragePool pool;
    private static final List<LogRecord> written = new ArrayList<>();
    private static final List<String> traceIds = List.of(Spans.traceId(), Spans.traceId(), Spans.traceId());
    private static final RecordingQueryObserver observer = new RecordingQueryObserver();
    private static LogRepository logs;

    @BeforeAll
    static void start() {
        pool = TestServers.freshDatabase().migratedPool();
        Random random = new Random(3);
        List<String> services = List.of("chat-api", "search-api");
        for (int i = 0; i < 150; i++) {
            // Groups of three records share a timestamp, so the log id must break ties.
            Instant time = FROM.plusMillis((i / 3) * 1000L);
            int severity = 1 + random.nextInt(24);
            written.add(LogRecord.of(PROJECT, time, severity, "S" + severity,
                    BODIES.get(random.nextInt(BODIES.size())) + " #" + i, services.get(random.nextInt(2)),
                    random.nextInt(4) == 0 ? null : traceIds.get(random.nextInt(3)), null, null, null));
        }
        written.add(LogRecord.of(PROJECT, FROM.minusSeconds(1), 9, "INFO", "request served before", "chat-api",
                null, null, null, null));
        written.add(LogRecord.of("other", FROM.plusSeconds(1), 9, "INFO", "request served elsewhere", "chat-api",
                null, null, null, null));
        try (TelemetryLoader loader = new TelemetryLoader(pool)) {
            loader.logs(written);
        }
        logs = new LogRepository(pool, observer);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    private static List<UUID> expected(Predicate<LogRecord> matches) {
        return written.stream()
                .filter(r -> r.projectId().equals(PROJECT))
                .filter(r -> !r.time().isBefore(WINDOW.from()) && r.time().isBefore(WINDOW.to()))
                .filter(matches).sorted(NEWEST_FIRST).map(LogRecord::logId).toList();
    }

    private static List<UUID> allPages(UnaryOperator<LogQuery> filter, int limit) {
        List<UUID> seen = new ArrayList<>();
        String cursor = null;
        do {
            Page<LogRecord> page = logs.search(filter.apply(LogQuery.of(PROJECT, WINDOW)).withLimit(limit)
                    .withCursor(cursor));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            page.items().forEach(r -> seen.add(r.logId()));
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        return seen;
    }

    @Test
    void search_logs_pages_newest_first_without_gaps_or_repeats() {
        List<UUID> expected = expected(r -> true);

        assertThat(expected).hasSize(150);
        assertThat(allPages(q -> q, 8)).containsExactlyElementsOf(expected);
        assertThat(allPages(q -> q, 1000)).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                filter("min severity", q -> q.withMinSeverity(17), r -> r.severityNumber() >= 17),
                filter("service", q -> q.withServiceName("search-api"), r -> "search-api".equals(r.serviceName())),
                filter("trace", q -> q.withTraceId(traceIds.get(1)), r -> traceIds.get(1).equals(r.traceId())),
                filter("text ignoring case", q -> q.withText("timeout CALLING"),
                        r -> r.body().toLowerCase(Locale.ROOT).contains("timeout calling")),
                filter("percent sign taken literally", q -> q.withText("50%"), r -> r.body().contains("50%")),
                filter("underscore taken literally", q -> q.withText("user_id"), r -> r.body().contains("user_id")),
                filter("backslash taken literally", q -> q.withText("C:\\temp"), r -> r.body().contains("C:\\temp")),
                filter("severity, service and text", q -> q.withMinSeverity(9).withServiceName("chat-api")
                        .withText("discount"), r -> r.severityNumber() >= 9 && "chat-api".equals(r.serviceName())
                                && r.body().contains("discount")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void each_filter_keeps_exactly_the_matching_records(String name, UnaryOperator<LogQuery> filter,
            Predicate<LogRecord> matches) {
        List<UUID> expected = expected(matches);

        assertThat(expected).as("the data has matching records").isNotEmpty();
        assertThat(expected).as("the data has records that do not match").hasSizeLessThan(150);
        assertThat(allPages(filter, 7)).containsExactlyElementsOf(expected);
    }

    @Test
    void search_logs_returns_the_stored_record() {
        LogRecord stored = written.get(10);

        List<LogRecord> found = logs.search(LogQuery.of(PROJECT, WINDOW).withText(stored.body())).items();

        assertThat(found).contains(stored).allMatch(r -> r.body().contains(stored.body()));
    }

    @Test
    void the_observer_hears_each_search_with_its_result_count() {
        logs.search(LogQuery.of(PROJECT, WINDOW).withLimit(4));

        RecordingQueryObserver.Completed last = observer.completed.get(observer.completed.size() - 1);
        assertThat(last).extracting(c -> c.repository(), c -> c.method(), c -> c.resultCount())
                .containsExactly(RepositoryKind.LOG, "search_logs", 4);
    }

    @Test
    void log_search_refuses_bad_severities_limits_and_cursors() {
        assertThatThrownBy(() -> LogQuery.of(PROJECT, WINDOW).withMinSeverity(25))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minSeverity");
        assertThatThrownBy(() -> LogQuery.of(PROJECT, WINDOW).withLimit(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
        String spanCursor = new Cursor(FROM, "trace", "span").encode(Cursor.Listing.SPANS, 0);
        assertThatThrownBy(() -> LogQuery.of(PROJECT, WINDOW).withCursor(spanCursor))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("invalid cursor");
        String notALogId = new Cursor(FROM, "not-a-uuid").encode(Cursor.Listing.LOGS, 0);
        assertThatThrownBy(() -> LogQuery.of(PROJECT, WINDOW).withCursor(notALogId))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("invalid cursor");
    }

    private static Arguments filter(String name, UnaryOperator<LogQuery> filter, Predicate<LogRecord> matches) {
        return Arguments.of(name, filter, matches);
    }
}
