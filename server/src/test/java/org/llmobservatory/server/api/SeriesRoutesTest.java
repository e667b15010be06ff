package org.llmobservatory.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.llmobservatory.storage.model.MetricPoint;
import org.llmobservatory.storage.model.MetricType;

/** Metric series over HTTP, without Redis: every aggregation, grouping, service filter, default step. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeriesRoutesTest {

    static final Instant T = Instant.parse("2031-05-03T10:00:00Z");
    static final String FROM = T.toString();
    static final String TO = T.plusSeconds(3600).toString();
    static final String METRIC = "llm.requests.inflight";

    private ApiFixture api;

    @BeforeAll
    void start() {
        api = ApiFixture.start();
        api.metrics(List.of(
                gauge("gpt-4o", "chat-api", 10, 1),
                gauge("gpt-4o", "chat-api", 20, 3),
                gauge("gpt-4o", "chat-api", 70, 5),
                gauge("claude", "billing-api", 15, 10),
                gauge("claude", "billing-api", 75, 20)));
    }

    private static MetricPoint gauge(String model, String service, int second, double value) {
        return MetricPoint.number("default", METRIC, MetricType.GAUGE, "1", service,
                "{\"model\": \"" + model + "\"}", T.plusSeconds(second), value);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void a_metric_series_averages_each_bucket_over_every_point() {
        HttpResponse<String> response = api.get("/api/v1/metrics/series", "name", METRIC, "from", FROM,
                "to", T.plusSeconds(120).toString(), "step", "60s");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Cache")).hasValue("bypass");
        JsonNode body = ApiFixture.json(response);
        assertThat(body.get("name").asText()).isEqualTo(METRIC);
        assertThat(body.get("step").asText()).isEqualTo("PT1M");
        assertThat(body.get("aggregation").asText()).isEqualTo("avg");
        assertThat(body.get("series")).hasSize(1);
        JsonNode series = body.get("series").get(0);
        assertThat(series.get("labels")).isEmpty();
        assertThat(series.get("points").get(0).get("time").asText()).isEqualTo(FROM);
        assertThat(values(series)).containsExactly(14.0 / 3, 12.5);
    }

    @ParameterizedTest
    @CsvSource({"sum, 14, 25", "min, 1, 5", "max, 10, 20", "count, 3, 2", "last, 3, 20", "AVG, 4.666666666666667, 12.5"})
    void every_aggregation_reaches_the_repository(String aggregation, double first, double second) {
        JsonNode body = ApiFixture.json(api.get("/api/v1/metrics/series", "name", METRIC, "from", FROM,
                "to", T.plusSeconds(120).toString(), "step", "PT1M", "aggregation", aggregation));

        assertThat(values(body.get("series").get(0))).containsExactly(first, second);
    }

    @Test
    void a_series_grouped_by_an_attribute_has_one_series_per_value() {
        JsonNode body = ApiFixture.json(api.get("/api/v1/metrics/series", "name", METRIC, "from", FROM,
                "to", T.plusSeconds(120).toString(), "step", "1m", "groupBy", "model"));

        assertThat(body.get("groupBy").asText()).isEqualTo("model");
        assertThat(body.get("series")).extracting(s -> s.get("labels").get("model").asText())
                .containsExactly("claude", "gpt-4o");
        assertThat(values(body.get("series").get(0))).containsExactly(10.0, 20.0);
        assertThat(values(body.get("series").get(1))).containsExactly(2.0, 5.0);
    }

    @Test
    void a_series_filtered_by_service_keeps_only_that_services_points() {
        JsonNode body = ApiFixture.json(api.get("/api/v1/metrics/series", "name", METRIC, "from", FROM,
                "to", T.plusSeconds(120).toString(), "step", "60", "service", "chat-api"));

        assertThat(values(body.get("series").get(0))).containsExactly(2.0, 5.0);
    }

    @Test
    void without_a_step_a_series_has_about_sixty_buckets_over_the_window() {
        JsonNode body = ApiFixture.json(api.get("/api/v1/metrics/series", "name", METRIC, "from", FROM,
                "to", T.plusSeconds(120).toString()));

        assertThat(body.get("step").asText()).isEqualTo("PT2S");
        assertThat(body.get("series").get(0).get("points")).hasSize(5);
    }

    @Test
    void an_unknown_metric_is_an_empty_list_of_series() {
        JsonNode body = ApiFixture.json(api.get("/api/v1/metrics/series", "name", "no.such.metric", "from", FROM,
                "to", TO, "step", "PT1M"));

        assertThat(body.get("series")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "aggregation=median", "step=0s", "step=fortnight", "groupBy=day"})
    void bad_aggregate_parameters_are_400_problems(String parameter) {
        String path = parameter.startsWith("groupBy") ? "/api/v1/usage?" + parameter
                : "/api/v1/metrics/series?" + (parameter.isEmpty() ? "" : "name=m&" + parameter);

        HttpResponse<String> response = api.request(path).send();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(ApiFixture.json(response).get("detail").asText()).isNotBlank();
    }

    private static List<Double> values(JsonNode series) {
        List<Double> values = new ArrayList<>();
        series.get("points").forEach(p -> values.add(p.get("value").asDouble()));
        return values;
    }
}
