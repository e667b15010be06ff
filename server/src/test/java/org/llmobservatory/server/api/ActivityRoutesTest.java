package org.llmobservatory.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmobservatory.server.api.TraceData.FROM;
import static org.llmobservatory.server.api.TraceData.T0;
import static org.llmobservatory.server.api.TraceData.TO;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Sessions, users, one session and the filter values over HTTP, on {@link TraceData}: in the window, session-1 is
 * trace A (whose LLM call carries it) and the four fillers, all of user-1; session-2 is B of user-2; session-3 is C
 * of user-3.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActivityRoutesTest {

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
    void sessions_are_listed_newest_activity_first_with_their_sums() {
        JsonNode body = ok(api.get("/api/v1/sessions", "from", FROM, "to", TO));

        assertThat(texts(body.get("items"), "sessionId")).containsExactly("session-1", "session-3", "session-2");
        JsonNode first = body.get("items").get(0);
        assertThat(first.get("userId").asText()).isEqualTo("user-1");
        assertThat(first.get("traceCount").asLong()).isEqualTo(5);
        assertThat(first.get("spanCount").asLong()).isEqualTo(7);
        assertThat(first.get("totalTokens").asLong()).isEqualTo(750);
        // A plain decimal, never 5E-3.
        assertThat(first.get("costUsd").toString()).doesNotContainIgnoringCase("e").startsWith("0.005");
        assertThat(first.get("costUsd").decimalValue()).isEqualByComparingTo("0.005");
        assertThat(first.get("firstSeen").asText()).isEqualTo(T0.plusSeconds(60).plusMillis(100).toString());
        assertThat(first.get("lastSeen").asText()).isEqualTo(T0.plusSeconds(780).toString());
        assertThat(body.get("items").get(2).get("errorCount").asLong()).isEqualTo(1);
        assertThat(texts(ok(api.get("/api/v1/sessions", "from", FROM, "to", TO, "user", "user-3")).get("items"),
                "sessionId")).containsExactly("session-3");
        assertThat(texts(ok(api.get("/api/v1/sessions", "from", FROM, "to", TO, "service", "billing-api"))
                .get("items"), "sessionId")).containsExactly("session-2");
    }

    @Test
    void sessions_page_with_cursors_that_keep_their_filters() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = ok(cursor == null ? api.get("/api/v1/sessions", "from", FROM, "to", TO, "limit", "1")
                    : api.get("/api/v1/sessions", "from", FROM, "to", TO, "limit", "1", "cursor", cursor));
            seen.addAll(texts(page.get("items"), "sessionId"));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        assertThat(seen).containsExactly("session-1", "session-3", "session-2");

        String next = ok(api.get("/api/v1/sessions", "from", FROM, "to", TO, "limit", "1")).get("nextCursor")
                .asText();
        HttpResponse<String> refused = api.get("/api/v1/sessions", "from", FROM, "to", TO, "limit", "1",
                "user", "user-1", "cursor", next);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(ApiFixture.json(refused).get("detail").asText()).contains("other filters");
    }

    @Test
    void users_are_listed_newest_activity_first_with_their_sessions_and_sums() {
        JsonNode body = ok(api.get("/api/v1/users", "from", FROM, "to", TO));

        assertThat(texts(body.get("items"), "userId")).containsExactly("user-1", "user-3", "user-2");
        JsonNode first = body.get("items").get(0);
        assertThat(first.get("sessionCount").asLong()).isEqualTo(1);
        assertThat(first.get("traceCount").asLong()).isEqualTo(5);
        assertThat(first.get("costUsd").decimalValue()).isEqualByComparingTo("0.005");
        assertThat(body.get("items").get(2).get("costUsd").decimalValue()).isEqualByComparingTo("0.05");
        assertThat(api.get("/api/v1/users", "from", FROM, "to", TO, "user", "user-1").statusCode())
                .as("users take no user filter").isEqualTo(400);
    }

    @Test
    void one_session_reads_as_its_traces_oldest_first() {
        JsonNode body = ok(api.get("/api/v1/sessions/session-1", "from", FROM, "to", TO));

        assertThat(body.get("userId").asText()).isEqualTo("user-1");
        assertThat(body.get("traceCount").asLong()).isEqualTo(5);
        assertThat(body.get("truncated").asBoolean()).isFalse();
        List<String> expected = new ArrayList<>(List.of(data.a));
        expected.addAll(data.fillers);
        assertThat(texts(body.get("traces"), "traceId")).containsExactlyElementsOf(expected);
        assertThat(body.get("traces").get(0).get("rootName").asText()).isEqualTo("agent run");
        assertThat(body.get("costUsd").decimalValue()).isEqualByComparingTo("0.005");
    }

    @Test
    void a_session_without_spans_in_the_window_is_a_404_naming_it() {
        HttpResponse<String> response = api.get("/api/v1/sessions/no-such-session", "from", FROM, "to", TO);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(ApiFixture.json(response).get("detail").asText()).contains("no-such-session");
    }

    @Test
    void the_filter_values_are_those_of_the_window() {
        JsonNode body = ok(api.get("/api/v1/values", "from", FROM, "to", TO));

        assertThat(strings(body.get("users"))).containsExactly("user-1", "user-2", "user-3");
        assertThat(strings(body.get("models"))).containsExactly("claude-3-5-sonnet", "gpt-4o", "gpt-4o-mini");
        assertThat(strings(body.get("providers"))).containsExactly("anthropic", "openai");
        assertThat(strings(body.get("operations"))).containsExactly("chat", "embeddings");
        assertThat(strings(body.get("services"))).contains("billing-api", "chat-api");
        assertThat(strings(body.get("metricNames"))).isEmpty();
        assertThat(body.get("from").asText()).isEqualTo(FROM);
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ApiFixture.json(response);
    }

    private static List<String> texts(JsonNode items, String field) {
        return StreamSupport.stream(items.spliterator(), false).map(i -> i.get(field).asText()).toList();
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
