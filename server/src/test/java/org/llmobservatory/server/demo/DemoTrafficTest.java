package org.llmobservatory.server.demo;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.mapping;
import static java.util.stream.Collectors.toMap;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.service.ObservatoryService;
import org.llmobservatory.storage.model.LogRecord;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.StatusCode;
import org.llmobservatory.storage.repository.Aggregation;
import org.llmobservatory.storage.repository.LogQuery;
import org.llmobservatory.storage.repository.Page;
import org.llmobservatory.storage.repository.SeriesPoint;
import org.llmobservatory.storage.repository.SeriesQuery;
import org.llmobservatory.storage.repository.SpanQuery;
import org.llmobservatory.storage.repository.TimeRange;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/**
 * What the demo leaves in the store, read back through the storage repositories as a trace explorer would:
 * completions beside the prompts, conversations that keep their user and agent, metrics over the whole hour,
 * log records with a severity text that point at their span.
 */
class DemoTrafficTest {

    private static final int TRACES = 300;
    private static final String PROJECT = "default";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestDatabase db;
    private static ObservatoryService service;
    private static Instant now;
    private static TimeRange window;
    private static DemoTraffic.Result sent;
    private static List<Span> spans;
    private static List<LogRecord> logs;

    @BeforeAll
    static void sendTheDemo() {
        db = TestServers.freshDatabase();
        service = ObservatoryService.start(ServerConfig.ephemeral(), db.config());
        now = Instant.now();
        window = TimeRange.of(now.minus(Duration.ofHours(2)), now.plus(Duration.ofMinutes(5)));
        sent = DemoTraffic.send("http://127.0.0.1:" + service.ports().otlpHttp(), null, TRACES, now, () -> { });
        assertThat(sent.exported()).as("every export acknowledged").isTrue();
        Eventually.await(Duration.ofSeconds(30), "the demo's spans and log records stored",
                () -> allSpans().size() == sent.spans() && allLogs().size() == sent.logRecords());
        spans = allSpans();
        logs = allLogs();
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    @Test
    void every_answered_model_call_stores_the_completion_beside_its_prompt() throws Exception {
        List<Span> answered = spans.stream()
                .filter(s -> "chat".equals(s.operation()) && s.statusCode() != StatusCode.ERROR).toList();
        assertThat(answered).hasSizeGreaterThanOrEqualTo(TRACES);
        for (Span call : answered) {
            assertThat(call.outputContent()).as("the completion of %s in trace %s", call.name(), call.traceId())
                    .isNotNull();
            JsonNode output = JSON.readTree(call.outputContent());
            assertThat(output).as(call.outputContent()).hasSize(1);
            JsonNode choice = output.get(0);
            assertThat(choice.path("role").asText()).isEqualTo("assistant");
            assertThat(choice.path("finish_reason").asText()).isEqualTo(call.finishReason()).isIn("stop", "tool_calls");
            assertThat(choice.path("parts").get(0).path("type").asText()).isEqualTo("text");
            assertThat(choice.path("parts").get(0).path("content").asText()).isNotBlank();
            JsonNode input = JSON.readTree(call.inputContent());
            assertThat(input.get(0).path("role").asText()).as(call.inputContent()).isEqualTo("system");
            assertThat(roles(input)).contains("user");
        }
        // Later steps show the chat so far: the tool's result, and the earlier turns of the conversation.
        assertThat(answered).anySatisfy(call -> assertThat(roles(JSON.readTree(call.inputContent())))
                .containsSubsequence("system", "user", "assistant", "tool"));
        assertThat(answered).anySatisfy(call -> assertThat(roles(JSON.readTree(call.inputContent())))
                .containsSubsequence("system", "user", "assistant", "user"));
        assertThat(spans).filteredOn(s -> "chat".equals(s.operation()) && s.statusCode() == StatusCode.ERROR)
                .isNotEmpty().allSatisfy(refused -> assertThat(refused.outputContent()).isNull());
        assertThat(spans).filteredOn(s -> "execute_tool".equals(s.operation())).isNotEmpty().allSatisfy(tool -> {
            JsonNode attributes = JSON.readTree(tool.attributes());
            assertThat(JSON.readTree(attributes.path("gen_ai.tool.call.arguments").asText()).isObject()).isTrue();
            assertThat(attributes.has("gen_ai.tool.call.result")).isEqualTo(tool.statusCode() != StatusCode.ERROR);
        });
    }

    @Test
    void a_conversation_keeps_one_user_and_one_agent_over_turns_that_follow_each_other() throws Exception {
        assertThat(spans).allSatisfy(s -> assertThat(s.sessionId()).as(s.name()).isNotNull());
        Map<String, List<Span>> bySession = spans.stream().collect(groupingBy(Span::sessionId));
        bySession.forEach((session, its) -> {
            assertThat(its.stream().map(Span::userId).distinct()).as(session).hasSize(1);
            assertThat(its.stream().map(Span::serviceName).distinct()).as(session).hasSize(1);
        });
        long severalTurns = bySession.values().stream()
                .filter(its -> its.stream().map(Span::traceId).distinct().count() > 1).count();
        assertThat(severalTurns).as("conversations of several turns").isGreaterThan(bySession.size() / 2);
        Map<String, Set<String>> sessionsByUser = spans.stream()
                .collect(groupingBy(Span::userId, mapping(Span::sessionId, toSet())));
        assertThat(sessionsByUser.values()).anySatisfy(sessions -> assertThat(sessions).hasSizeGreaterThan(2));
        // Turn k's first model call sends the k-1 questions before it and its own.
        for (List<Span> its : bySession.values()) {
            List<Span> firstCalls = its.stream().filter(s -> "chat".equals(s.operation()))
                    .collect(groupingBy(Span::traceId)).values().stream()
                    .map(calls -> calls.stream().min(Comparator.comparing(Span::startTime)).orElseThrow())
                    .sorted(Comparator.comparing(Span::startTime)).toList();
            for (int k = 1; k <= firstCalls.size(); k++) {
                List<String> roles = roles(JSON.readTree(firstCalls.get(k - 1).inputContent()));
                assertThat(roles.stream().filter("user"::equals)).as(firstCalls.get(k - 1).inputContent())
                        .hasSize(k);
            }
        }
    }

    @Test
    void the_model_call_metrics_cover_the_hour_minute_by_minute_and_add_up_to_the_spans() {
        List<SeriesPoint> tokens = points("gen_ai.client.token.usage", Aggregation.SUM);
        assertThat(tokens.stream().map(SeriesPoint::time).distinct()).as("minutes with token usage")
                .hasSizeGreaterThanOrEqualTo(30)
                .allSatisfy(minute -> assertThat(minute).isBetween(now.minus(Duration.ofMinutes(61)), now));
        List<Span> calls = spans.stream().filter(s -> "chat".equals(s.operation())).toList();
        long spanTokens = calls.stream()
                .mapToLong(s -> Objects.requireNonNullElse(s.inputTokens(), 0L)
                        + Objects.requireNonNullElse(s.outputTokens(), 0L))
                .sum();
        assertThat(tokens.stream().mapToDouble(SeriesPoint::value).sum()).isEqualTo((double) spanTokens);
        assertThat(points("gen_ai.client.operation.duration", Aggregation.COUNT).stream()
                .mapToDouble(SeriesPoint::value).sum()).isEqualTo((double) calls.size());
        double spanSeconds = calls.stream().mapToDouble(s -> s.durationMs() / 1000).sum();
        assertThat(points("gen_ai.client.operation.duration", Aggregation.SUM).stream()
                .mapToDouble(SeriesPoint::value).sum()).isCloseTo(spanSeconds, within(1e-6));
    }

    @Test
    void log_records_have_a_severity_text_and_point_at_the_span_they_are_about() {
        assertThat(logs).hasSize(sent.logRecords());
        assertThat(logs.stream().map(log -> log.severityNumber() + " " + log.severityText()).distinct())
                .containsExactlyInAnyOrder("9 INFO", "13 WARN", "17 ERROR");
        Map<String, Span> spansById = spans.stream().collect(toMap(Span::spanId, Function.identity()));
        assertThat(logs).filteredOn(log -> !spansById.containsKey(log.spanId())
                        || !spansById.get(log.spanId()).traceId().equals(log.traceId()))
                .as("logs without their span").isEmpty();
        // An answer is logged on the agent's span, a 429 on the refused call, a failed tool on the tool's span.
        assertThat(logs.stream().map(log -> {
            Span span = spansById.get(log.spanId());
            return log.severityText() + " on " + span.operation() + " " + span.statusCode();
        }).distinct()).contains("WARN on chat ERROR", "ERROR on execute_tool ERROR").isSubsetOf(
                "INFO on invoke_agent UNSET", "INFO on invoke_agent ERROR", "WARN on chat ERROR",
                "ERROR on execute_tool ERROR");
    }

    private static List<String> roles(JsonNode messages) {
        return StreamSupport.stream(messages.spliterator(), false).map(m -> m.path("role").asText()).toList();
    }

    private static List<SeriesPoint> points(String metric, Aggregation aggregation) {
        return service.storage().metricRepository()
                .series(SeriesQuery.of(PROJECT, metric, window, Duration.ofMinutes(1), aggregation)).stream()
                .flatMap(series -> series.points().stream()).toList();
    }

    private static List<Span> allSpans() {
        return all(cursor -> service.storage().traceRepository()
                .searchSpans(SpanQuery.builder(PROJECT, window).limit(1000).cursor(cursor).build()));
    }

    private static List<LogRecord> allLogs() {
        return all(cursor -> service.storage().logRepository()
                .search(LogQuery.of(PROJECT, window).withLimit(1000).withCursor(cursor)));
    }

    private static <T> List<T> all(Function<String, Page<T>> page) {
        List<T> items = new ArrayList<>();
        String cursor = null;
        do {
            Page<T> next = page.apply(cursor);
            items.addAll(next.items());
            cursor = next.nextCursor().orElse(null);
        } while (cursor != null);
        return items;
    }
}
