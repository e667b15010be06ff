package org.llmobservatory.storage.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.StatusCode;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.support.SampleTelemetry;
import org.llmobservatory.storage.support.Spans;
import org.llmobservatory.storage.support.TelemetryLoader;
import org.llmobservatory.storage.support.TestServers;
import org.llmobservatory.storage.support.TraceFixture;

/** Sessions, users, one session as a conversation and the values of the filters, against sums made in Java. */
class ActivityTest {

    static final String PROJECT = "activity";
    static final Instant FROM = Instant.parse("2031-04-01T10:00:00Z");
    static final TimeRange WINDOW = TimeRange.of(FROM, FROM.plusSeconds(3600));

    private static StoragePool pool;
    private static List<Span> written;
    private static TraceRepository traces;
    private static MetricRepository metrics;

    @BeforeAll
    static void start() {
        pool = TestServers.freshDatabase().migratedPool();
        written = new ArrayList<>(TraceFixture.generate(PROJECT, FROM, 60, 7));
        written.addAll(conversation());
        try (TelemetryLoader loader = new TelemetryLoader(pool)) {
            loader.spans(written);
            loader.metrics(List.of(SampleTelemetry.gauge(PROJECT, "queue.depth", FROM.plusSeconds(60), 3),
                    SampleTelemetry.histogram(PROJECT, FROM.plusSeconds(120)),
                    SampleTelemetry.gauge(PROJECT, "before.window", FROM.minusSeconds(60), 1),
                    SampleTelemetry.gauge("other-" + PROJECT, "other.project", FROM.plusSeconds(60), 1)));
        }
        traces = new TraceRepository(pool, null);
        metrics = new MetricRepository(pool, null);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    /** Three turns of one chat: the agent root carries the session, its LLM call the prompt and the answer. */
    private static List<Span> conversation() {
        List<Span> spans = new ArrayList<>();
        for (int turn = 0; turn < 3; turn++) {
            String trace = Spans.traceId();
            Instant start = FROM.plusSeconds(600 + 300L * turn);
            Span root = Spans.step(PROJECT, trace, "invoke_agent helper", start, 2_000).sessionId("chat-42")
                    .userId("alice").build();
            spans.add(root);
            spans.add(Spans.llmCall(PROJECT, trace, start.plusMillis(10), 900).parentSpanId(root.spanId())
                    .sessionId(null).userId(null).inputContent("question " + turn).outputContent("draft " + turn)
                    .build());
            spans.add(Spans.llmCall(PROJECT, trace, start.plusMillis(950), 900).parentSpanId(root.spanId())
                    .sessionId(null).userId(null).inputContent("refine " + turn).outputContent("answer " + turn)
                    .statusCode(turn == 1 ? StatusCode.ERROR : StatusCode.OK).build());
        }
        return spans;
    }

    @Test
    void sessions_are_summed_over_every_span_of_their_traces_newest_first() {
        List<SessionSummary> expected = expected("session_id", Span::sessionId).stream()
                .map(a -> new SessionSummary(a.key(), a.firstUser(), a.traces(), a.spans(), a.errors(), a.input(),
                        a.output(), a.total(), a.cost(), a.firstSeen(), a.lastSeen()))
                .toList();

        Page<SessionSummary> page = traces.listSessions(new ActivityQuery(PROJECT, WINDOW, null, null, 1000, null));

        assertThat(expected).hasSizeGreaterThanOrEqualTo(4);
        assertThat(page.items()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("costUsd")
                .containsExactlyElementsOf(expected);
        assertThat(page.items()).extracting(SessionSummary::costUsd)
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactlyElementsOf(expected.stream().map(SessionSummary::costUsd).toList());
        SessionSummary chat = page.items().stream().filter(s -> s.sessionId().equals("chat-42")).findFirst()
                .orElseThrow();
        assertThat(chat.userId()).isEqualTo("alice");
        assertThat(chat.traceCount()).isEqualTo(3);
        assertThat(chat.spanCount()).isEqualTo(9);
        assertThat(chat.errorCount()).isEqualTo(1);
        assertThat(chat.costUsd()).isEqualByComparingTo("0.006");
    }

    @Test
    void users_are_summed_over_every_span_of_their_traces_newest_first() {
        List<UserSummary> expected = expected("user_id", Span::userId).stream()
                .map(a -> new UserSummary(a.key(), a.sessions(), a.traces(), a.spans(), a.errors(), a.input(),
                        a.output(), a.total(), a.cost(), a.firstSeen(), a.lastSeen()))
                .toList();

        Page<UserSummary> page = traces.listUsers(new ActivityQuery(PROJECT, WINDOW, null, null, 1000, null));

        assertThat(expected).hasSize(TraceFixture.USERS.size() + 1);
        assertThat(page.items()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("costUsd")
                .containsExactlyElementsOf(expected);
    }

    @Test
    void sessions_page_without_gaps_or_repeats_and_a_cursor_keeps_its_filters() {
        List<String> all = traces.listSessions(new ActivityQuery(PROJECT, WINDOW, null, null, 1000, null)).items()
                .stream().map(SessionSummary::sessionId).toList();
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            Page<SessionSummary> page = traces.listSessions(new ActivityQuery(PROJECT, WINDOW, null, null, 1,
                    cursor));
            page.items().forEach(s -> paged.add(s.sessionId()));
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        assertThat(paged).containsExactlyElementsOf(all);

        String next = traces.listSessions(new ActivityQuery(PROJECT, WINDOW, null, null, 1, null)).nextCursor()
                .orElseThrow();
        assertThatThrownBy(() -> traces.listSessions(new ActivityQuery(PROJECT, WINDOW, "alice", null, 1, next)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other filters");
        assertThatThrownBy(() -> traces.listUsers(new ActivityQuery(PROJECT, WINDOW, null, null, 1, next)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid cursor");
    }

    @Test
    void the_sessions_of_one_user_are_those_whose_spans_carry_both() {
        Page<SessionSummary> page = traces.listSessions(new ActivityQuery(PROJECT, WINDOW, "alice", null, 100, null));

        assertThat(page.items()).extracting(SessionSummary::sessionId).containsExactly("chat-42");
    }

    @Test
    void a_session_reads_as_its_turns_in_order_with_the_first_prompt_and_the_last_answer() {
        Conversation chat = traces.session(PROJECT, "chat-42", WINDOW).orElseThrow();

        assertThat(chat.userId()).isEqualTo("alice");
        assertThat(chat.truncated()).isFalse();
        assertThat(chat.turns()).extracting(Conversation.Turn::input)
                .containsExactly("question 0", "question 1", "question 2");
        assertThat(chat.turns()).extracting(Conversation.Turn::output)
                .containsExactly("answer 0", "answer 1", "answer 2");
        assertThat(chat.turns()).extracting(Conversation.Turn::rootName).containsOnly("invoke_agent helper");
        assertThat(chat.turns()).extracting(Conversation.Turn::errorCount).containsExactly(0L, 1L, 0L);
        assertThat(chat.costUsd()).isEqualByComparingTo("0.006");
        assertThat(chat.totalTokens()).isEqualTo(900);
        assertThat(traces.session(PROJECT, "chat-42", TimeRange.of(FROM.minusSeconds(7200), FROM))).isEmpty();
        assertThat(traces.session("other-" + PROJECT, "chat-42", WINDOW)).isEmpty();
    }

    @Test
    void filter_values_are_those_of_the_window() {
        SpanValues values = traces.filterValues(PROJECT, WINDOW);

        List<Span> inWindow = inWindow().toList();
        assertThat(values.users()).containsExactlyElementsOf(distinct(inWindow, Span::userId));
        assertThat(values.models()).containsExactlyElementsOf(distinct(inWindow, Span::model));
        assertThat(values.providers()).containsExactlyElementsOf(distinct(inWindow, Span::provider));
        assertThat(values.operations()).containsExactlyElementsOf(distinct(inWindow, Span::operation));
        assertThat(values.services()).containsAll(distinct(inWindow.stream().filter(s -> s.model() != null)
                .toList(), Span::serviceName));
        // The fixture's one span of another project is user-1's gpt-4o call from chat-api.
        SpanValues other = traces.filterValues("other-" + PROJECT, WINDOW);
        assertThat(other.users()).containsExactly("user-1");
        assertThat(other.models()).containsExactly("gpt-4o");
        assertThat(traces.filterValues(PROJECT, TimeRange.of(FROM.plusSeconds(7200), FROM.plusSeconds(9000)))
                .users()).isEmpty();
        // Users are looked for in the last day of a longer window only; the rest still covers all of it.
        SpanValues twoDays = traces.filterValues(PROJECT, TimeRange.of(FROM, FROM.plus(java.time.Duration.ofDays(2))));
        assertThat(twoDays.users()).isEmpty();
        assertThat(twoDays.models()).isEqualTo(values.models());
    }

    @Test
    void metric_names_are_those_with_points_in_the_window() {
        assertThat(metrics.metricNames(PROJECT, WINDOW, 500))
                .containsExactly("gen_ai.client.operation.duration", "queue.depth");
        assertThat(metrics.metricNames(PROJECT, WINDOW, 1)).containsExactly("gen_ai.client.operation.duration");
    }

    private record Activity(String key, String firstUser, long sessions, long traces, long spans, long errors,
            long input, long output, long total, BigDecimal cost, Instant firstSeen, Instant lastSeen) {
    }

    /** Per id: the spans carrying it in the window, and every span in the window of those spans' traces. */
    private static List<Activity> expected(String column, Function<Span, String> id) {
        Map<String, List<Span>> carrying = inWindow().filter(s -> id.apply(s) != null)
                .collect(Collectors.groupingBy(id, TreeMap::new, Collectors.toList()));
        List<Activity> result = new ArrayList<>();
        carrying.forEach((key, spans) -> {
            Set<String> traceIds = spans.stream().map(Span::traceId).collect(Collectors.toSet());
            List<Span> all = inWindow().filter(s -> traceIds.contains(s.traceId())).toList();
            result.add(new Activity(key, spans.stream().map(Span::userId).filter(Objects::nonNull)
                    .min(Comparator.naturalOrder()).orElse(null),
                    spans.stream().map(Span::sessionId).filter(Objects::nonNull).distinct().count(), traceIds.size(),
                    all.size(), all.stream().filter(s -> s.statusCode() == StatusCode.ERROR).count(),
                    sum(all, Span::inputTokens), sum(all, Span::outputTokens), sum(all, Span::totalTokens),
                    all.stream().map(Span::costUsd).filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add),
                    spans.stream().map(Span::startTime).min(Comparator.naturalOrder()).orElseThrow(),
                    spans.stream().map(Span::startTime).max(Comparator.naturalOrder()).orElseThrow()));
        });
        result.sort(Comparator.comparing(Activity::lastSeen).thenComparing(Activity::key).reversed());
        return result;
    }

    private static java.util.stream.Stream<Span> inWindow() {
        return written.stream().filter(s -> s.projectId().equals(PROJECT))
                .filter(s -> !s.startTime().isBefore(WINDOW.from()) && s.startTime().isBefore(WINDOW.to()));
    }

    private static List<String> distinct(List<Span> spans, Function<Span, String> field) {
        return spans.stream().map(field).filter(Objects::nonNull).distinct().sorted().toList();
    }

    private static long sum(List<Span> spans, Function<Span, Long> field) {
        return spans.stream().map(field).filter(Objects::nonNull).mapToLong(Long::longValue).sum();
    }
}
