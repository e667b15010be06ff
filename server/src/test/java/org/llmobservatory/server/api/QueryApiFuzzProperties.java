package org.llmobservatory.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The query API over real HTTP and a real database, fuzzed: parameters that parse can still fail in
 * PostgreSQL (a year 300000, a NUL), which {@link QueryParameterProperties} cannot see. Any query
 * string gets a 200 or a 4xx problem with a detail, never a 5xx.
 */
class QueryApiFuzzProperties {

    private static final List<String> ROUTES = List.of("/api/v1/traces", "/api/v1/spans", "/api/v1/logs",
            "/api/v1/usage", "/api/v1/metrics/series", "/api/v1/traces/4bf92f3577b34da6a3ce929d0e0e4736");
    private static final List<String> NAMES = List.of("from", "to", "service", "provider", "model", "operation",
            "status", "user", "session", "traceId", "name", "minDurationMs", "minCostUsd", "limit", "cursor",
            "minSeverity", "text", "groupBy", "step", "aggregation");
    private static ApiFixture api;

    @BeforeContainer
    static void start() {
        api = ApiFixture.start();
    }

    @AfterContainer
    static void stop() {
        api.close();
    }

    @Property(tries = 1000, shrinking = ShrinkingMode.BOUNDED)
    void any_query_string_gets_an_answer_or_a_clear_4xx(@ForAll("routes") String route,
            @ForAll("parameters") List<Tuple.Tuple2<String, String>> parameters) throws Exception {
        StringBuilder query = new StringBuilder();
        for (Tuple.Tuple2<String, String> p : parameters) {
            query.append(query.isEmpty() ? "?" : "&").append(URLEncoder.encode(p.get1(), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(p.get2(), StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = api.request(route + query).send();
        assertThat(response.statusCode()).as("%s%s -> %s", route, query, response.body()).isLessThan(500);
        if (response.statusCode() >= 400) {
            assertThat(ApiFixture.json(response).path("detail").asText()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> routes() {
        return Arbitraries.of(ROUTES);
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<String, String>>> parameters() {
        return Combinators.combine(Arbitraries.of(NAMES), QueryParameterProperties.values()).as(Tuple::of)
                .list().ofMaxSize(4).uniqueElements(Tuple.Tuple2::get1);
    }
}
