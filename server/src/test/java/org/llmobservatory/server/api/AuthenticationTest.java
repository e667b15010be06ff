package org.llmobservatory.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.auth.IssuedKey;
import org.llmobservatory.storage.support.Spans;

/**
 * API keys: open for the default project while none exists; once one does, every request needs a valid
 * key and reads only its key's project, whatever it asks for.
 */
class AuthenticationTest {

    static final Instant T = Instant.parse("2031-05-05T10:00:00Z");
    static final String[] WINDOW = {"from", T.toString(), "to", T.plusSeconds(3600).toString()};

    private ApiFixture api;
    private final String defaultTrace = Spans.traceId();
    private final String traceA = Spans.traceId();
    private final String traceB = Spans.traceId();

    @BeforeEach
    void start() {
        api = ApiFixture.start();
        api.spans(List.of(
                Spans.llmCall("default", defaultTrace, T.plusSeconds(1), 10).build(),
                Spans.llmCall("team-a", traceA, T.plusSeconds(2), 10).build(),
                Spans.llmCall("team-b", traceB, T.plusSeconds(3), 10).model("claude").build()));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void without_any_key_the_api_is_open_and_reads_the_default_project() {
        HttpResponse<String> response = api.get("/api/v1/traces", WINDOW);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(traceIds(response)).containsExactly(defaultTrace);
    }

    @Test
    void once_a_key_exists_a_request_without_one_is_a_401_problem_asking_for_a_bearer_token() throws Exception {
        api.keys.create("team-a", "ci");

        HttpResponse<String> response = api.get("/api/v1/traces", WINDOW);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = ApiFixture.json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.get("type").asText()).isEqualTo(ApiProblem.UNAUTHORIZED);
        assertThat(problem.get("detail").asText()).contains("Authorization: Bearer", "X-API-Key");
    }

    @Test
    void malformed_unknown_wrong_and_revoked_keys_are_refused() throws Exception {
        IssuedKey key = api.keys.create("team-a", "ci");
        String token = key.token();
        String wrongSecret = token.substring(0, token.length() - 1) + (token.endsWith("0") ? "1" : "0");
        String unknownKey = "obs_000000000000_" + token.substring(token.length() - 48);

        for (String bad : List.of("not-a-key", wrongSecret, unknownKey, "")) {
            HttpResponse<String> response = api.request("/api/v1/traces").header("X-API-Key", bad).send();
            assertThat(response.statusCode()).as(bad).isEqualTo(401);
        }
        HttpResponse<String> basic = api.request("/api/v1/traces").header("Authorization", "Basic dXNlcjpwYXNz")
                .send();
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(ApiFixture.json(basic).get("detail").asText()).contains("not valid");

        assertThat(api.keys.revoke(key.key().keyId())).isTrue();
        api.keys.create("team-b", "keeps the API locked");
        assertThat(bearer("/api/v1/traces", token).statusCode()).isEqualTo(401);
    }

    @Test
    void a_key_reads_only_its_own_project_by_either_header() throws Exception {
        String a = api.keys.create("team-a", "a").token();
        String b = api.keys.create("team-b", "b").token();

        assertThat(traceIds(bearer(query("/api/v1/traces"), a))).containsExactly(traceA);
        HttpResponse<String> viaHeader = api.request(query("/api/v1/traces")).header("X-API-Key", b).send();
        assertThat(traceIds(viaHeader)).containsExactly(traceB);
        HttpResponse<String> lowerCaseScheme = api.request(query("/api/v1/traces"))
                .header("Authorization", "bearer " + a).send();
        assertThat(traceIds(lowerCaseScheme)).containsExactly(traceA);
    }

    @Test
    void a_key_of_project_a_cannot_read_project_b_by_id_by_filter_or_by_parameter() throws Exception {
        String a = api.keys.create("team-a", "a").token();
        api.keys.create("team-b", "b");

        assertThat(bearer("/api/v1/traces/" + traceB, a).statusCode()).isEqualTo(404);
        assertThat(bearer("/api/v1/traces/" + traceA, a).statusCode()).isEqualTo(200);
        assertThat(ApiFixture.json(bearer(query("/api/v1/spans") + "&traceId=" + traceB, a)).get("items")).isEmpty();
        JsonNode usage = ApiFixture.json(bearer(query("/api/v1/usage"), a));
        assertThat(usage.get("rows")).extracting(r -> r.get("key").asText()).containsExactly("gpt-4o");
        HttpResponse<String> asking = bearer(query("/api/v1/traces") + "&project=team-b", a);
        assertThat(asking.statusCode()).isEqualTo(400);
    }

    @Test
    void the_openapi_description_stays_open_and_unknown_routes_stay_404() throws Exception {
        api.keys.create("team-a", "a");

        assertThat(api.get("/api/v1/openapi.json").statusCode()).isEqualTo(200);
        assertThat(api.get("/api/v1/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void a_request_without_a_key_learns_nothing_from_its_parameters() throws Exception {
        api.keys.create("team-a", "a");

        assertThat(api.get("/api/v1/traces", "limit", "100000").statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> bearer(String path, String token) {
        return api.request(path).header("Authorization", "Bearer " + token).send();
    }

    private static String query(String path) {
        return path + ApiFixture.query(WINDOW);
    }

    private static List<String> traceIds(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        ApiFixture.json(response).get("items").forEach(t -> ids.add(t.get("traceId").asText()));
        return ids;
    }
}
