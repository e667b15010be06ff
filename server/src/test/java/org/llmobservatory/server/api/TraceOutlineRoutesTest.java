package org.llmobservatory.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmobservatory.server.api.TraceData.FROM;
import static org.llmobservatory.server.api.TraceData.T0;
import static org.llmobservatory.server.api.TraceData.TO;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A trace's outline and one span read whole over HTTP, as the trace page reads them, on {@link TraceData}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceOutlineRoutesTest {

    private static final List<String> LARGE_FIELDS = List.of("attributes", "resourceAttributes", "events", "links",
            "statusMessage", "inputContent", "outputContent");

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
    void the_outline_is_the_same_tree_without_the_large_values() {
        JsonNode whole = ok(api.get("/api/v1/traces/" + data.a));
        JsonNode outline = ok(api.get("/api/v1/traces/" + data.a, "view", "outline"));

        assertThat(outline.get("summary")).isEqualTo(whole.get("summary"));
        JsonNode root = outline.get("roots").get(0);
        assertThat(root.get("children")).extracting(n -> n.get("name").asText())
                .containsExactly("chat gpt-4o", "search");
        JsonNode llm = root.get("children").get(0);
        assertThat(llm.get("spanId").asText()).isEqualTo(data.llmChild.spanId());
        assertThat(llm.get("model").asText()).isEqualTo("gpt-4o");
        assertThat(llm.get("inputTokens").asLong()).isEqualTo(data.llmChild.inputTokens());
        assertThat(llm.get("durationMs").asDouble()).isEqualTo(1200.0);
        assertThat(whole.get("roots").get(0).get("children").get(0).has("attributes")).isTrue();
        for (String field : LARGE_FIELDS) {
            assertThat(llm.has(field)).as(field).isFalse();
        }
        assertThat(ok(api.get("/api/v1/traces/" + data.a, "view", "FULL")).get("roots").get(0).get("children")
                .get(0).get("attributes").get("gen_ai.request.temperature").asDouble()).isEqualTo(0.2);
    }

    @Test
    void one_span_is_read_whole_with_or_without_a_hint() {
        String path = "/api/v1/traces/" + data.b + "/spans/" + data.failing.spanId();

        for (JsonNode span : List.of(ok(api.get(path)), ok(api.get(path, "from", FROM, "to", TO)))) {
            assertThat(span.get("spanId").asText()).isEqualTo(data.failing.spanId());
            assertThat(span.get("statusMessage").asText()).isEqualTo("rate limited");
            assertThat(span.get("model").asText()).isEqualTo("claude-3-5-sonnet");
            assertThat(span.get("attributes").isObject()).isTrue();
            assertThat(span.has("children")).isFalse();
        }
    }

    @Test
    void a_span_not_in_the_trace_or_the_hint_is_a_404_naming_it() {
        HttpResponse<String> otherTrace = api.get("/api/v1/traces/" + data.a + "/spans/" + data.failing.spanId());
        HttpResponse<String> outsideHint = api.get("/api/v1/traces/" + data.b + "/spans/" + data.failing.spanId(),
                "from", T0.plusSeconds(1800).toString(), "to", TO);

        for (HttpResponse<String> response : List.of(otherTrace, outsideHint)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
            assertThat(ApiFixture.json(response).get("detail").asText()).contains(data.failing.spanId());
        }
        assertThat(ApiFixture.json(outsideHint).get("detail").asText()).contains("between");
    }

    @Test
    void a_malformed_span_id_or_view_is_a_400_naming_the_problem() {
        HttpResponse<String> spanId = api.get("/api/v1/traces/" + data.a + "/spans/not-a-span");
        HttpResponse<String> view = api.get("/api/v1/traces/" + data.a, "view", "sideways");
        HttpResponse<String> unknown = api.get("/api/v1/traces/" + data.a + "/spans/" + data.root.spanId(),
                "view", "outline");

        assertThat(spanId.statusCode()).isEqualTo(400);
        assertThat(ApiFixture.json(spanId).get("detail").asText()).contains("spanId must be hex digits");
        assertThat(view.statusCode()).isEqualTo(400);
        assertThat(ApiFixture.json(view).get("detail").asText()).contains("view", "sideways", "full, outline");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(ApiFixture.json(unknown).get("detail").asText()).contains("view");
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ApiFixture.json(response);
    }
}
