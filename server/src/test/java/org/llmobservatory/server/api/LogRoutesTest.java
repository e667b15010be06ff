package org.llmobservatory.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.llmobservatory.storage.model.LogRecord;
import org.llmobservatory.storage.support.Spans;

/** Log search over HTTP: every filter, severities by name, literal text, paging. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogRoutesTest {

    static final Instant T = Instant.parse("2031-05-02T10:00:00Z");
    static final String FROM = T.toString();
    static final String TO = T.plusSeconds(3600).toString();

    private ApiFixture api;
    private final String t1 = Spans.traceId();
    private final String t2 = Spans.traceId();

    @BeforeAll
    void start() {
        api = ApiFixture.start();
        api.logs(List.of(
                log(1, 9, "INFO", "user logged in", "chat-api", t1),
                log(2, 13, "WARN", "slow response: 50% of budget", "chat-api", t1),
                log(3, 17, "ERROR", "provider failed", "billing-api", t2),
                log(4, 21, "FATAL", "out of memory", "billing-api", null),
                log(5, 5, "DEBUG", "cache_hit for key", "chat-api", null),
                log(6, 18, "ERROR2", "retry exhausted", "chat-api", null),
                LogRecord.of("default", T.minusSeconds(60), 17, "ERROR", "before the window", "chat-api", null, null,
                        null, null)));
    }

    private LogRecord log(int second, int severity, String text, String body, String service, String traceId) {
        return LogRecord.of("default", T.plusSeconds(second), severity, text, body, service, traceId,
                traceId == null ? null : Spans.spanId(), "{\"http.route\": \"/chat\"}", null);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void logs_in_the_window_come_newest_first_with_their_fields() {
        HttpResponse<String> response = api.get("/api/v1/logs", "from", FROM, "to", TO);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = ApiFixture.json(response);
        assertThat(bodies(body)).containsExactly("retry exhausted", "cache_hit for key", "out of memory",
                "provider failed", "slow response: 50% of budget", "user logged in");
        assertThat(body.get("nextCursor").isNull()).isTrue();
        JsonNode warn = body.get("items").get(4);
        assertThat(warn.get("time").asText()).isEqualTo(T.plusSeconds(2).toString());
        assertThat(warn.get("severityNumber").asInt()).isEqualTo(13);
        assertThat(warn.get("severityText").asText()).isEqualTo("WARN");
        assertThat(warn.get("serviceName").asText()).isEqualTo("chat-api");
        assertThat(warn.get("traceId").asText()).isEqualTo(t1);
        assertThat(warn.get("attributes").get("http.route").asText()).isEqualTo("/chat");
        assertThat(warn.get("logId").asText()).hasSize(36);
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of(new String[] {"minSeverity", "WARN"}, List.of(6, 4, 3, 2)),
                Arguments.of(new String[] {"minSeverity", "warn"}, List.of(6, 4, 3, 2)),
                Arguments.of(new String[] {"minSeverity", "13"}, List.of(6, 4, 3, 2)),
                Arguments.of(new String[] {"minSeverity", "ERROR"}, List.of(6, 4, 3)),
                Arguments.of(new String[] {"minSeverity", "error2"}, List.of(6, 4)),
                Arguments.of(new String[] {"minSeverity", "FATAL"}, List.of(4)),
                Arguments.of(new String[] {"minSeverity", "TRACE"}, List.of(6, 5, 4, 3, 2, 1)),
                Arguments.of(new String[] {"service", "billing-api"}, List.of(4, 3)),
                Arguments.of(new String[] {"traceId", "T1"}, List.of(2, 1)),
                Arguments.of(new String[] {"text", "50%"}, List.of(2)),
                Arguments.of(new String[] {"text", "CACHE"}, List.of(5)),
                Arguments.of(new String[] {"text", "_"}, List.of(5)),
                // Spaces are part of the text: "d " is in "logged in" only, while "d" alone is in "provider" too.
                Arguments.of(new String[] {"text", "d "}, List.of(1)),
                Arguments.of(new String[] {"service", "chat-api", "minSeverity", "WARN"}, List.of(6, 2)));
    }

    @ParameterizedTest
    @MethodSource("filters")
    void every_log_filter_reaches_the_repository(String[] filter, List<Integer> seconds) {
        String[] resolved = filter.clone();
        for (int i = 1; i < resolved.length; i += 2) {
            resolved[i] = resolved[i].equals("T1") ? t1 : resolved[i];
        }
        String[] parameters = Stream.concat(Stream.of("from", FROM, "to", TO), Stream.of(resolved))
                .toArray(String[]::new);

        HttpResponse<String> response = api.get("/api/v1/logs", parameters);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> times = new ArrayList<>();
        ApiFixture.json(response).get("items").forEach(r -> times.add(r.get("time").asText()));
        assertThat(times).containsExactlyElementsOf(seconds.stream().map(s -> T.plusSeconds(s).toString()).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"' OR '1'='1", "'; DROP TABLE logs; --", "%' OR 1=1 --", "\\'; SELECT pg_sleep(5); --"})
    void sql_in_text_filters_is_searched_for_literally_and_finds_nothing(String injection) {
        for (String parameter : List.of("text", "service", "traceId")) {
            HttpResponse<String> response = api.get("/api/v1/logs", "from", FROM, "to", TO, parameter, injection);

            assertThat(response.statusCode()).as(parameter + ": " + response.body()).isEqualTo(200);
            assertThat(ApiFixture.json(response).get("items")).as(parameter).isEmpty();
        }
        assertThat(ApiFixture.json(api.get("/api/v1/logs", "from", FROM, "to", TO)).get("items")).hasSize(6);
    }

    @Test
    void pages_of_logs_follow_next_cursor_to_the_end() {
        JsonNode first = ApiFixture.json(api.get("/api/v1/logs", "from", FROM, "to", TO, "limit", "4"));
        JsonNode second = ApiFixture.json(api.get("/api/v1/logs", "from", FROM, "to", TO, "limit", "4",
                "cursor", first.get("nextCursor").asText()));

        assertThat(bodies(first)).containsExactly("retry exhausted", "cache_hit for key", "out of memory",
                "provider failed");
        assertThat(bodies(second)).containsExactly("slow response: 50% of budget", "user logged in");
        assertThat(second.get("nextCursor").isNull()).isTrue();
    }

    private static List<String> bodies(JsonNode page) {
        List<String> bodies = new ArrayList<>();
        page.get("items").forEach(r -> bodies.add(r.get("body").asText()));
        return bodies;
    }
}
