package org.llmobservatory.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmobservatory.server.api.TraceData.FROM;
import static org.llmobservatory.server.api.TraceData.PROJECT;
import static org.llmobservatory.server.api.TraceData.TO;

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
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.support.Spans;

/** The trace list over HTTP against spans written through storage: summaries, every filter, pages. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceListRoutesTest {

    private final TraceData data = new TraceData();
    private ApiFixture api;

    @BeforeAll
    void start() {
        api = ApiFixture.start();
        api.spans(data.spans);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void the_trace_list_is_every_trace_in_the_window_newest_first_with_its_summary() {
        HttpResponse<String> response = api.get("/api/v1/traces", "from", FROM, "to", TO);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = ApiFixture.json(response);
        assertThat(body.get("nextCursor").isNull()).isTrue();
        assertThat(ids(body)).containsExactlyElementsOf(data.newestFirst());
        JsonNode traceA = body.get("items").get(6);
        assertThat(traceA.get("rootName").asText()).isEqualTo("agent run");
        assertThat(traceA.get("spanCount").asLong()).isEqualTo(3);
        assertThat(traceA.get("durationMs").asDouble()).isEqualTo(1500.0);
        assertThat(traceA.get("startTime").asText()).isEqualTo(data.root.startTime().toString());
        assertThat(traceA.get("inputTokens").asLong()).isEqualTo(100);
        assertThat(traceA.get("costUsd").decimalValue()).isEqualByComparingTo("0.001");
        assertThat(traceA.get("models")).extracting(JsonNode::asText).containsExactly("gpt-4o");
    }

    static Stream<Arguments> traceFilters() {
        return Stream.of(
                Arguments.of(new String[] {"service", "billing-api"}, "b"),
                Arguments.of(new String[] {"provider", "anthropic"}, "b"),
                Arguments.of(new String[] {"model", "gpt-4o-mini"}, "c"),
                Arguments.of(new String[] {"operation", "embeddings"}, "c"),
                Arguments.of(new String[] {"status", "error"}, "b"),
                Arguments.of(new String[] {"status", "ok"}, "a c f"),
                Arguments.of(new String[] {"user", "user-3"}, "c"),
                Arguments.of(new String[] {"session", "session-2"}, "b"),
                Arguments.of(new String[] {"minDurationMs", "2000"}, "b"),
                Arguments.of(new String[] {"minCostUsd", "0.01"}, "b"),
                Arguments.of(new String[] {"model", "gpt-4o"}, "a f"),
                Arguments.of(new String[] {"provider", "openai", "minDurationMs", "1000"}, "a"));
    }

    @ParameterizedTest
    @MethodSource("traceFilters")
    void every_trace_filter_reaches_the_repository(String[] filter, String expected) {
        String[] parameters = Stream.concat(Stream.of("from", FROM, "to", TO), Stream.of(filter))
                .toArray(String[]::new);

        HttpResponse<String> response = api.get("/api/v1/traces", parameters);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(ids(ApiFixture.json(response))).containsExactlyInAnyOrderElementsOf(data.traces(expected));
    }

    @Test
    void pages_of_the_trace_list_follow_next_cursor_to_the_end_without_gaps_or_repeats() {
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            HttpResponse<String> response = cursor == null
                    ? api.get("/api/v1/traces", "from", FROM, "to", TO, "limit", "3")
                    : api.get("/api/v1/traces", "from", FROM, "to", TO, "limit", "3", "cursor", cursor);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = ApiFixture.json(response);
            sizes.add(body.get("items").size());
            seen.addAll(ids(body));
            cursor = body.get("nextCursor").isNull() ? null : body.get("nextCursor").asText();
        } while (cursor != null);

        assertThat(sizes).containsExactly(3, 3, 1);
        assertThat(seen).containsExactlyElementsOf(data.newestFirst());
    }

    @Test
    void without_from_and_to_the_list_covers_the_last_hour() {
        HttpResponse<String> response = api.get("/api/v1/traces");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(ids(ApiFixture.json(response))).containsExactly(data.recent);
    }

    @Test
    void the_default_page_holds_50_traces() {
        List<Span> many = new ArrayList<>();
        Instant day = Instant.parse("2031-06-01T10:00:00Z");
        for (int i = 0; i < 51; i++) {
            many.add(Spans.llmCall(PROJECT, Spans.traceId(), day.plusSeconds(i), 10).build());
        }
        api.spans(many);

        JsonNode body = ApiFixture.json(api.get("/api/v1/traces", "from", day.toString(),
                "to", day.plusSeconds(3600).toString()));

        assertThat(body.get("items").size()).isEqualTo(50);
        assertThat(body.get("nextCursor").asText()).isNotBlank();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(t -> ids.add(t.get("traceId").asText()));
        return ids;
    }
}
