package org.llmobservatory.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import org.llmobservatory.storage.model.StatusCode;
import org.llmobservatory.storage.support.Spans;

/** The trace list, one trace as a tree, and span search, over HTTP against spans written through storage. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceRoutesTest {

    static final String PROJECT = "default";
    static final Instant T0 = Instant.parse("2031-05-01T10:00:00Z");
    static final String FROM = T0.toString();
    static final String TO = T0.plusSeconds(3600).toString();

    private ApiFixture api;
    // A: an agent run with an LLM call and a tool call; B: a failing, slow, costly Anthropic call of
    // another service; C: a cheap embedding call; F1-F4: plain chat calls; O: before the window.
    private final String a = Spans.traceId();
    private final String b = Spans.traceId();
    private final String c = Spans.traceId();
    private final List<String> fillers = new ArrayList<>();
    private final String outside = Spans.traceId();
    private final String recent = Spans.traceId();
    private final String twoHoursAgo = Spans.traceId();
    private Span root;
    private Span llmChild;
    private Span search;

    @BeforeAll
    void start() {
        api = ApiFixture.start();
        Instant ta = T0.plusSeconds(60);
        root = Spans.step(PROJECT, a, "agent run", ta, 1500).build();
        llmChild = Spans.llmCall(PROJECT, a, ta.plusMillis(100), 1200).parentSpanId(root.spanId())
                .attributes("{\"gen_ai.request.temperature\": 0.2}").build();
        search = Spans.step(PROJECT, a, "search", ta.plusMillis(1300), 100).parentSpanId(root.spanId()).build();
        List<Span> spans = new ArrayList<>(List.of(root, llmChild, search,
                Spans.llmCall(PROJECT, b, T0.plusSeconds(120), 3000).provider("anthropic").model("claude-3-5-sonnet")
                        .serviceName("billing-api").userId("user-2").sessionId("session-2")
                        .statusCode(StatusCode.ERROR).statusMessage("rate limited")
                        .costUsd(new BigDecimal("0.05")).build(),
                Spans.llmCall(PROJECT, c, T0.plusSeconds(180), 100).model("gpt-4o-mini").operation("embeddings")
                        .userId("user-3").sessionId("session-3").costUsd(new BigDecimal("0.0001")).build(),
                Spans.llmCall(PROJECT, outside, T0.minusSeconds(600), 500).build()));
        for (int i = 0; i < 4; i++) {
            String id = Spans.traceId();
            fillers.add(id);
            spans.add(Spans.llmCall(PROJECT, id, T0.plusSeconds(600 + 60L * i), 500).build());
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        spans.add(Spans.llmCall(PROJECT, recent, now.minusSeconds(600), 500).build());
        spans.add(Spans.llmCall(PROJECT, twoHoursAgo, now.minusSeconds(7200), 500).build());
        api.spans(spans);
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
        assertThat(ids(body)).containsExactly(fillers.get(3), fillers.get(2), fillers.get(1), fillers.get(0), c, b, a);
        JsonNode traceA = body.get("items").get(6);
        assertThat(traceA.get("rootName").asText()).isEqualTo("agent run");
        assertThat(traceA.get("spanCount").asLong()).isEqualTo(3);
        assertThat(traceA.get("durationMs").asDouble()).isEqualTo(1500.0);
        assertThat(traceA.get("startTime").asText()).isEqualTo(root.startTime().toString());
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
        assertThat(ids(ApiFixture.json(response))).containsExactlyInAnyOrderElementsOf(traces(expected));
    }

    @Test
    void pages_of_the_trace_list_follow_next_cursor_to_the_end_without_gaps_or_repeats() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        List<Integer> sizes = new ArrayList<>();
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
        assertThat(seen).containsExactly(fillers.get(3), fillers.get(2), fillers.get(1), fillers.get(0), c, b, a);
    }

    @Test
    void without_from_and_to_the_list_covers_the_last_hour() {
        HttpResponse<String> response = api.get("/api/v1/traces");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(ids(ApiFixture.json(response))).containsExactly(recent);
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

    @Test
    void one_trace_is_a_span_tree_under_its_summary() {
        HttpResponse<String> response = api.get("/api/v1/traces/" + a);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = ApiFixture.json(response);
        assertThat(body.get("summary").get("traceId").asText()).isEqualTo(a);
        assertThat(body.get("summary").get("spanCount").asLong()).isEqualTo(3);
        assertThat(body.get("roots")).hasSize(1);
        JsonNode rootNode = body.get("roots").get(0);
        assertThat(rootNode.get("spanId").asText()).isEqualTo(root.spanId());
        assertThat(rootNode.get("name").asText()).isEqualTo("agent run");
        assertThat(rootNode.has("parentSpanId")).as("absent fields are left out").isFalse();
        assertThat(rootNode.get("statusCode").asText()).isEqualTo("unset");
        assertThat(rootNode.get("kind").asText()).isEqualTo("internal");
        assertThat(rootNode.get("children")).extracting(n -> n.get("name").asText())
                .containsExactly("chat gpt-4o", "search");
        JsonNode llm = rootNode.get("children").get(0);
        assertThat(llm.get("parentSpanId").asText()).isEqualTo(root.spanId());
        assertThat(llm.get("attributes").get("gen_ai.request.temperature").asDouble()).isEqualTo(0.2);
        assertThat(llm.get("events").isArray()).isTrue();
        assertThat(llm.get("model").asText()).isEqualTo("gpt-4o");
        assertThat(llm.get("durationMs").asDouble()).isEqualTo(1200.0);
        assertThat(llm.get("startTime").asText()).isEqualTo(llmChild.startTime().toString());
        assertThat(llm.get("children")).isEmpty();
    }

    @Test
    void a_time_hint_that_covers_the_trace_finds_it_and_one_that_misses_it_is_a_404() {
        HttpResponse<String> covering = api.get("/api/v1/traces/" + a, "from", FROM, "to", TO);
        HttpResponse<String> missing = api.get("/api/v1/traces/" + a, "from", T0.plusSeconds(1800).toString(),
                "to", TO);

        assertThat(covering.statusCode()).as(covering.body()).isEqualTo(200);
        assertThat(ApiFixture.json(covering).get("summary").get("spanCount").asLong()).isEqualTo(3);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(ApiFixture.json(missing).get("detail").asText()).contains(a, "between");
    }

    @Test
    void an_unknown_trace_is_a_404_problem() {
        HttpResponse<String> response = api.get("/api/v1/traces/0123456789abcdef0123456789abcdef");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = ApiFixture.json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("title").asText()).isEqualTo("Not found");
        assertThat(problem.get("type").asText()).isEqualTo(ApiProblem.NOT_FOUND);
        assertThat(problem.get("detail").asText()).contains("0123456789abcdef0123456789abcdef");
        assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/traces/0123456789abcdef0123456789abcdef");
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
            resolved[i] = resolved[i].equals("A") ? a : resolved[i];
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
                case "root" -> expectedSpans.add(root.spanId());
                case "llm" -> expectedSpans.add(llmChild.spanId());
                case "search" -> expectedSpans.add(search.spanId());
                default -> expectedTraces.addAll(traces(name));
            }
        }
        assertThat(spanIds).containsAll(expectedSpans);
        assertThat(traceIds).containsExactlyInAnyOrderElementsOf(Stream.concat(
                expectedSpans.stream().map(s -> a), expectedTraces.stream()).toList());
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

        assertThat(seen).hasSize(9).doesNotHaveDuplicates().contains(root.spanId(), llmChild.spanId(),
                search.spanId());
    }

    private List<String> traces(String names) {
        List<String> ids = new ArrayList<>();
        for (String name : names.split(" ")) {
            switch (name) {
                case "a" -> ids.add(a);
                case "b" -> ids.add(b);
                case "c" -> ids.add(c);
                case "f" -> ids.addAll(fillers);
                default -> throw new IllegalArgumentException(name);
            }
        }
        return ids;
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(t -> ids.add(t.get("traceId").asText()));
        return ids;
    }
}
