package org.llmobservatory.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmobservatory.server.api.TraceData.FROM;
import static org.llmobservatory.server.api.TraceData.T0;
import static org.llmobservatory.server.api.TraceData.TO;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
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

/** One trace as a span tree, and span search, over HTTP against spans written through storage. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpanRoutesTest {

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
    void one_trace_is_a_span_tree_under_its_summary() {
        HttpResponse<String> response = api.get("/api/v1/traces/" + data.a);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = ApiFixture.json(response);
        assertThat(body.get("summary").get("traceId").asText()).isEqualTo(data.a);
        assertThat(body.get("summary").get("spanCount").asLong()).isEqualTo(3);
        assertThat(body.get("roots")).hasSize(1);
        JsonNode root = body.get("roots").get(0);
        assertThat(root.get("spanId").asText()).isEqualTo(data.root.spanId());
        assertThat(root.get("name").asText()).isEqualTo("agent run");
        assertThat(root.has("parentSpanId")).as("absent fields are left out").isFalse();
        assertThat(root.get("statusCode").asText()).isEqualTo("unset");
        assertThat(root.get("kind").asText()).isEqualTo("internal");
        assertThat(root.get("children")).extracting(n -> n.get("name").asText())
                .containsExactly("chat gpt-4o", "search");
        JsonNode llm = root.get("children").get(0);
        assertThat(llm.get("parentSpanId").asText()).isEqualTo(data.root.spanId());
        assertThat(llm.get("attributes").get("gen_ai.request.temperature").asDouble()).isEqualTo(0.2);
        assertThat(llm.get("events").isArray()).isTrue();
        assertThat(llm.get("model").asText()).isEqualTo("gpt-4o");
        assertThat(llm.get("durationMs").asDouble()).isEqualTo(1200.0);
        assertThat(llm.get("startTime").asText()).isEqualTo(data.llmChild.startTime().toString());
        assertThat(llm.get("children")).isEmpty();
    }

    @Test
    void a_time_hint_that_covers_the_trace_finds_it_and_one_that_misses_it_is_a_404() {
        HttpResponse<String> covering = api.get("/api/v1/traces/" + data.a, "from", FROM, "to", TO);
        HttpResponse<String> missing = api.get("/api/v1/traces/" + data.a, "from", T0.plusSeconds(1800).toString(),
                "to", TO);

        assertThat(covering.statusCode()).as(covering.body()).isEqualTo(200);
        assertThat(ApiFixture.json(covering).get("summary").get("spanCount").asLong()).isEqualTo(3);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(ApiFixture.json(missing).get("detail").asText()).contains(data.a, "between");
    }

    @Test
    void an_unknown_trace_is_a_404_problem() {
        String unknown = "0123456789abcdef0123456789abcdef";

        HttpResponse<String> response = api.get("/api/v1/traces/" + unknown);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = ApiFixture.json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("title").asText()).isEqualTo("Not found");
        assertThat(problem.get("type").asText()).isEqualTo(ApiProblem.NOT_FOUND);
        assertThat(problem.get("detail").asText()).contains(unknown);
        assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/traces/" + unknown);
    }

    @Test
    void a_trace_id_that_is_not_hex_is_a_400_naming_it_on_the_path_and_in_span_search() {
        HttpResponse<String> path = api.get("/api/v1/traces/not-a-trace-id");
        HttpResponse<String> search = api.get("/api/v1/spans", "from", FROM, "to", TO, "traceId", "abc");

        for (HttpResponse<String> response : List.of(path, search)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(ApiFixture.json(response).get("detail").asText()).contains("traceId must be hex digits");
        }
    }

    static Stream<Arguments> spanFilters() {
        return Stream.of(
                Arguments.of(new String[] {"traceId", "A"}, "root llm search"),
                Arguments.of(new String[] {"name", "search"}, "search"),
                Arguments.of(new String[] {"service", "billing-api"}, "b"),
                Arguments.of(new String[] {"provider", "anthropic"}, "b"),
                Arguments.of(new String[] {"model", "gpt-4o-mini"}, "c"),
                Arguments.of(new String[] {"operation", "embeddings"}, "c"),
                Arguments.of(new String[] {"status", "unset"}, "root search"),
                Arguments.of(new String[] {"status", "error"}, "b"),
                Arguments.of(new String[] {"user", "user-2"}, "b"),
                Arguments.of(new String[] {"session", "session-3"}, "c"),
                Arguments.of(new String[] {"minDurationMs", "1400"}, "root b"),
                Arguments.of(new String[] {"minCostUsd", "0.01"}, "b"),
                Arguments.of(new String[] {"traceId", "A", "model", "gpt-4o"}, "llm"));
    }

    @ParameterizedTest
    @MethodSource("spanFilters")
    void every_span_filter_reaches_the_repository(String[] filter, String expected) {
        String[] resolved = filter.clone();
        for (int i = 1; i < resolved.length; i += 2) {
            resolved[i] = resolved[i].equals("A") ? data.a : resolved[i];
        }
        String[] parameters = Stream.concat(Stream.of("from", FROM, "to", TO), Stream.of(resolved))
                .toArray(String[]::new);

        HttpResponse<String> response = api.get("/api/v1/spans", parameters);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> spanIds = new ArrayList<>();
        List<String> traceIds = new ArrayList<>();
        ApiFixture.json(response).get("items").forEach(s -> {
            spanIds.add(s.get("spanId").asText());
            traceIds.add(s.get("traceId").asText());
        });
        List<String> expectedSpans = new ArrayList<>();
        List<String> expectedTraces = new ArrayList<>();
        for (String name : expected.split(" ")) {
            switch (name) {
                case "root" -> expectedSpans.add(data.root.spanId());
                case "llm" -> expectedSpans.add(data.llmChild.spanId());
                case "search" -> expectedSpans.add(data.search.spanId());
                default -> expectedTraces.addAll(data.traces(name));
            }
        }
        assertThat(spanIds).containsAll(expectedSpans);
        assertThat(traceIds).containsExactlyInAnyOrderElementsOf(Stream.concat(
                expectedSpans.stream().map(s -> data.a), expectedTraces.stream()).toList());
    }

    @Test
    void pages_of_spans_follow_next_cursor_to_the_end() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode body = ApiFixture.json(cursor == null
                    ? api.get("/api/v1/spans", "from", FROM, "to", TO, "limit", "4")
                    : api.get("/api/v1/spans", "from", FROM, "to", TO, "limit", "4", "cursor", cursor));
            body.get("items").forEach(s -> seen.add(s.get("spanId").asText()));
            cursor = body.get("nextCursor").isNull() ? null : body.get("nextCursor").asText();
        } while (cursor != null);

        assertThat(seen).hasSize(9).doesNotHaveDuplicates().contains(data.root.spanId(), data.llmChild.spanId(),
                data.search.spanId());
    }
}
