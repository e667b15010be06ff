package org.llmobservatory.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.StatusCode;
import org.llmobservatory.storage.support.Spans;

/** LLM usage over HTTP, without Redis: every answer says it bypassed the cache. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsageRoutesTest {

    static final Instant T = Instant.parse("2031-05-03T10:00:00Z");
    static final String FROM = T.toString();
    static final String TO = T.plusSeconds(3600).toString();

    private ApiFixture api;

    @BeforeAll
    void start() {
        api = ApiFixture.start();
        api.spans(List.of(
                Spans.llmCall("default", Spans.traceId(), T.plusSeconds(60), 100).build(),
                Spans.llmCall("default", Spans.traceId(), T.plusSeconds(120), 200).statusCode(StatusCode.ERROR).build(),
                Spans.llmCall("default", Spans.traceId(), T.plusSeconds(2400), 300).build(),
                claude(T.plusSeconds(300), 1000),
                claude(T.plusSeconds(2700), 2000),
                Spans.step("default", Spans.traceId(), "tool call", T.plusSeconds(600), 50).build()));
    }

    private static Span claude(Instant start, long durationMs) {
        return Spans.llmCall("default", Spans.traceId(), start, durationMs).provider("anthropic")
                .model("claude-3-5-sonnet").serviceName("billing-api").userId("user-2")
                .costUsd(new BigDecimal("0.05")).build();
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void usage_by_model_sums_requests_errors_tokens_and_cost_with_latency_percentiles() {
        HttpResponse<String> response = api.get("/api/v1/usage", "from", FROM, "to", TO);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Cache")).hasValue("bypass");
        JsonNode body = ApiFixture.json(response);
        assertThat(body.get("groupBy").asText()).isEqualTo("model");
        assertThat(body.get("from").asText()).isEqualTo(FROM);
        assertThat(body.get("to").asText()).isEqualTo(TO);
        assertThat(body.get("step").isNull()).isTrue();
        assertThat(keys(body)).containsExactly("claude-3-5-sonnet", "gpt-4o");
        JsonNode gpt = body.get("rows").get(1);
        assertThat(gpt.get("bucketStart").isNull()).isTrue();
        assertThat(gpt.get("requests").asLong()).isEqualTo(3);
        assertThat(gpt.get("errors").asLong()).isEqualTo(1);
        assertThat(gpt.get("inputTokens").asLong()).isEqualTo(300);
        assertThat(gpt.get("outputTokens").asLong()).isEqualTo(150);
        assertThat(gpt.get("totalTokens").asLong()).isEqualTo(450);
        assertThat(gpt.get("costUsd").decimalValue()).isEqualByComparingTo("0.003");
        // A whole hour: the rollups answer, with nearest-rank percentiles (of 100, 200, 300 ms) within 1%.
        assertThat(body.get("latency").get("percentiles").asText()).isEqualTo("estimate");
        assertThat(body.get("latency").get("source").asText()).isEqualTo("rollups");
        assertThat(body.get("latency").get("relativeError").asDouble()).isEqualTo(0.01);
        assertThat(gpt.get("p50LatencyMs").asDouble()).isCloseTo(200, within(2.0));
        assertThat(gpt.get("p95LatencyMs").asDouble()).isCloseTo(300, within(3.0));
        assertThat(gpt.get("p99LatencyMs").asDouble()).isCloseTo(300, within(3.0));
        JsonNode claude = body.get("rows").get(0);
        assertThat(claude.get("requests").asLong()).isEqualTo(2);
        assertThat(claude.get("costUsd").decimalValue()).isEqualByComparingTo("0.1");
        assertThat(claude.get("p50LatencyMs").asDouble()).isCloseTo(1000, within(10.0));
        assertThat(claude.get("p99LatencyMs").asDouble()).isCloseTo(2000, within(20.0));
    }

    @Test
    void buckets_shorter_than_an_hour_and_usage_by_user_are_answered_from_the_spans_with_exact_percentiles() {
        JsonNode halfHours = ApiFixture.json(api.get("/api/v1/usage", "from", FROM, "to", TO, "step", "30m"));
        JsonNode byUser = ApiFixture.json(api.get("/api/v1/usage", "from", FROM, "to", TO, "groupBy", "user"));

        for (JsonNode body : List.of(halfHours, byUser)) {
            assertThat(body.get("latency").get("percentiles").asText()).isEqualTo("exact");
            assertThat(body.get("latency").get("source").asText()).isEqualTo("spans");
            assertThat(body.get("latency").get("relativeError").isNull()).isTrue();
        }
        // The first half hour of gpt-4o: 100 and 200 ms, interpolated as percentile_cont does.
        JsonNode gpt = halfHours.get("rows").get(1);
        assertThat(gpt.get("key").asText()).isEqualTo("gpt-4o");
        assertThat(gpt.get("p50LatencyMs").asDouble()).isCloseTo(150, within(1e-9));
        assertThat(gpt.get("p95LatencyMs").asDouble()).isCloseTo(195, within(1e-9));
    }

    @ParameterizedTest
    @CsvSource({
            "provider, anthropic, openai",
            "service, billing-api, chat-api",
            "user, user-1, user-2",
            "MODEL, claude-3-5-sonnet, gpt-4o"})
    void usage_groups_by_each_dimension(String groupBy, String first, String second) {
        JsonNode body = ApiFixture.json(api.get("/api/v1/usage", "from", FROM, "to", TO, "groupBy", groupBy));

        assertThat(keys(body)).containsExactly(first, second);
        assertThat(body.get("groupBy").asText()).isEqualTo(groupBy.toLowerCase(Locale.ROOT));
    }

    @Test
    void usage_with_a_step_has_one_row_per_bucket_and_key() {
        JsonNode body = ApiFixture.json(api.get("/api/v1/usage", "from", FROM, "to", TO, "step", "30m"));

        assertThat(body.get("step").asText()).isEqualTo("PT30M");
        List<String> rows = new ArrayList<>();
        body.get("rows").forEach(r -> rows.add(r.get("bucketStart").asText() + " " + r.get("key").asText() + " "
                + r.get("requests").asLong()));
        assertThat(rows).containsExactly(
                FROM + " claude-3-5-sonnet 1", FROM + " gpt-4o 2",
                T.plusSeconds(1800) + " claude-3-5-sonnet 1", T.plusSeconds(1800) + " gpt-4o 1");
    }

    @ParameterizedTest
    @CsvSource({"provider, openai, gpt-4o", "model, claude-3-5-sonnet, claude-3-5-sonnet",
            "service, billing-api, claude-3-5-sonnet"})
    void usage_filters_reach_the_repository(String filter, String value, String onlyModel) {
        JsonNode body = ApiFixture.json(api.get("/api/v1/usage", "from", FROM, "to", TO, filter, value));

        assertThat(keys(body)).containsExactly(onlyModel);
    }

    private static List<String> keys(JsonNode body) {
        List<String> keys = new ArrayList<>();
        body.get("rows").forEach(r -> keys.add(r.get("key").asText()));
        return keys;
    }
}
