package org.llmobservatory.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.llmobservatory.server.config.Settings;
import org.llmobservatory.storage.pool.DirectConnections;
import org.llmobservatory.storage.support.Spans;

/** Every error is an RFC 9457 problem: bad requests, unknown routes, failed and timed-out queries. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProblemResponsesTest {

    static final Instant T = Instant.parse("2031-05-04T10:00:00Z");

    private ApiFixture api;
    private String cursor;

    @BeforeAll
    void start() {
        // A short statement timeout lets the lock test below time out quickly.
        api = ApiFixture.start(ApiFixture.config(Duration.ofMillis(500)),
                Settings.QUERY_CACHE_TTL.fallback(), null);
        api.spans(List.of(Spans.llmCall("default", Spans.traceId(), T, 10).build(),
                Spans.llmCall("default", Spans.traceId(), T.plusSeconds(1), 10).build()));
        cursor = ApiFixture.json(api.get("/api/v1/traces", "from", T.toString(), "to", T.plusSeconds(60).toString(),
                "limit", "1")).get("nextCursor").asText();
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            inverted range        | /api/v1/traces?from=2031-05-04T11:00:00Z&to=2031-05-04T10:00:00Z | inverted
            empty range           | /api/v1/logs?from=2031-05-04T10:00:00Z&to=2031-05-04T10:00:00Z   | inverted
            bad time              | /api/v1/traces?from=yesterday                                     | ISO-8601
            limit too big         | /api/v1/traces?limit=1001                                         | between 1 and 1000
            limit far too big     | /api/v1/spans?limit=99999999999999                                | whole number
            limit zero            | /api/v1/logs?limit=0                                              | between 1 and 1000
            forged cursor         | /api/v1/traces?cursor=AAAAAAAAAAAAAAAA                            | invalid cursor
            garbage cursor        | /api/v1/logs?cursor=%27%3B%20DROP%20TABLE%20logs                  | invalid cursor
            unknown status        | /api/v1/traces?status=maybe                                       | status must be
            unset trace status    | /api/v1/traces?status=unset                                       | ok (no error span) or error
            unknown severity      | /api/v1/logs?minSeverity=LOUD                                     | severity
            severity out of range | /api/v1/logs?minSeverity=25                                       | severity
            negative duration     | /api/v1/traces?minDurationMs=-1                                   | zero or more
            not a number          | /api/v1/spans?minCostUsd=cheap                                    | decimal number
            unknown dimension     | /api/v1/usage?groupBy=weekday                                     | usage dimension
            too many buckets      | /api/v1/usage?step=1s&from=2031-01-01T00:00:00Z&to=2031-02-01T00:00:00Z | buckets
            unknown parameter     | /api/v1/traces?servce=chat-api                                    | unknown parameter servce
            project parameter     | /api/v1/traces?project=other                                      | unknown parameter project
            repeated parameter    | /api/v1/traces?model=a&model=b                                    | 2 times
            """)
    void a_bad_request_is_a_400_problem_whose_detail_says_what_to_fix(String name, String path, String detail) {
        HttpResponse<String> response = api.request(path).send();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = ApiFixture.json(response);
        assertThat(problem.get("type").asText()).isEqualTo(ProblemResponses.INVALID);
        assertThat(problem.get("title").asText()).isEqualTo("Invalid request");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asText()).contains(detail);
        assertThat(problem.get("instance").asText()).isEqualTo(path.substring(0, path.indexOf('?')));
        assertThat(response.body()).doesNotContain("at org.", "Exception");
    }

    @Test
    void a_cursor_of_another_listing_is_refused_and_the_genuine_one_works() {
        HttpResponse<String> genuine = api.get("/api/v1/traces", "from", T.toString(),
                "to", T.plusSeconds(60).toString(), "limit", "1", "cursor", cursor);
        HttpResponse<String> elsewhere = api.get("/api/v1/spans", "cursor", cursor);
        String altered = cursor.substring(0, cursor.length() - 2) + (cursor.endsWith("A") ? "BB" : "AA");
        HttpResponse<String> edited = api.get("/api/v1/traces", "cursor", altered);

        assertThat(genuine.statusCode()).isEqualTo(200);
        assertThat(ApiFixture.json(genuine).get("items")).hasSize(1);
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(edited.statusCode()).isEqualTo(400);
        assertThat(ApiFixture.json(edited).get("detail").asText()).contains("invalid cursor");
    }

    @Test
    void a_cursor_sent_with_other_filters_than_its_page_is_refused_rather_than_mixing_two_listings() {
        HttpResponse<String> otherFilters = api.get("/api/v1/traces", "from", T.toString(),
                "to", T.plusSeconds(60).toString(), "model", "gpt-4o", "limit", "1", "cursor", cursor);

        assertThat(otherFilters.statusCode()).as(otherFilters.body()).isEqualTo(400);
        assertThat(ApiFixture.json(otherFilters).get("detail").asText())
                .contains("this cursor belongs to a page asked with other filters");
    }

    @ParameterizedTest
    // "/" is the web UI (UiAssetsTest); a path that is neither a route nor one of its files is a 404 problem.
    @CsvSource({"/api/v2/traces", "/api/v1/trace", "/api", "/no-such-page", "/api/v1/traces/a/b"})
    void an_unknown_route_is_a_404_problem(String path) {
        HttpResponse<String> response = api.get(path);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = ApiFixture.json(response);
        assertThat(problem.get("type").asText()).isEqualTo(ProblemResponses.NO_ROUTE);
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("detail").asText()).contains("GET " + path, "openapi.json");
        assertThat(problem.get("instance").asText()).isEqualTo(path);
    }

    @ParameterizedTest
    @CsvSource({"POST, /api/v1/traces", "DELETE, /api/v1/traces/5b8efff798038103d269b633813fc60c",
            "PUT, /api/v1/usage"})
    void another_method_on_a_known_route_is_a_405_naming_the_method_it_takes(String method, String path) {
        HttpResponse<String> response = api.request(path).method(method).send();

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
        JsonNode problem = ApiFixture.json(response);
        assertThat(problem.get("type").asText()).isEqualTo(ProblemResponses.WRONG_METHOD);
        assertThat(problem.get("detail").asText()).isEqualTo(path + " answers GET only, not " + method);
    }

    @Test
    void a_query_that_times_out_is_a_503_problem_with_a_retry_hint() throws Exception {
        try (Connection c = DirectConnections.to(api.storage.config()).getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            // Held until rollback: the API's read of logs waits for it until its statement timeout.
            st.execute("LOCK TABLE logs IN ACCESS EXCLUSIVE MODE");
            try {
                HttpResponse<String> response = api.get("/api/v1/logs");

                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                JsonNode problem = ApiFixture.json(response);
                assertThat(problem.get("title").asText()).isEqualTo("Storage unavailable");
                assertThat(problem.get("detail").asText()).contains("timeout", "retry");
                assertThat(response.body()).doesNotContainIgnoringCase("select").doesNotContain("logs ");
            } finally {
                c.rollback();
            }
        }
        assertThat(api.get("/api/v1/logs").statusCode()).isEqualTo(200);
    }

    @Test
    void an_api_key_that_cannot_be_checked_is_a_503_problem_not_a_401() throws Exception {
        // A server of its own: its key checks have not yet remembered that no key exists.
        try (ApiFixture locked = ApiFixture.start(ApiFixture.config(Duration.ofMillis(500)),
                Settings.QUERY_CACHE_TTL.fallback(), null);
                Connection c = DirectConnections.to(locked.storage.config()).getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("LOCK TABLE api_keys IN ACCESS EXCLUSIVE MODE");
            try {
                HttpResponse<String> response = locked.request("/api/v1/traces")
                        .header("Authorization", "Bearer obs_0123456789ab_" + "0".repeat(48)).send();

                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(ApiFixture.json(response).get("detail").asText()).contains("API key could not be checked");
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void a_query_that_fails_for_good_is_a_500_problem_that_leaks_no_sql() throws Exception {
        try (Connection c = DirectConnections.to(api.storage.config()).getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE metric_points RENAME TO metric_points_elsewhere");
            try {
                HttpResponse<String> response = api.get("/api/v1/metrics/series", "name", "m");

                assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
                assertThat(response.headers().firstValue("Retry-After")).isEmpty();
                JsonNode problem = ApiFixture.json(response);
                assertThat(problem.get("type").asText()).isEqualTo(ProblemResponses.QUERY_FAILED);
                assertThat(problem.get("detail").asText()).contains("syntax", "service log");
                assertThat(response.body()).doesNotContainIgnoringCase("select")
                        .doesNotContain("metric_points", "relation", "at org.");
            } finally {
                st.execute("ALTER TABLE metric_points_elsewhere RENAME TO metric_points");
            }
        }
    }
}
