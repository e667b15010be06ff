package org.llmobservatory.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Usage per model, as the query API reports it, printed as a table. */
public record UsageSummary(List<Row> rows) {

    /** One model's line. */
    public record Row(String model, long requests, long errors, long tokens, BigDecimal costUsd, double p95Ms) {
    }

    /** Asks {@code GET /api/v1/usage?groupBy=model} for the window. */
    public static UsageSummary fetch(String api, String apiKey, Instant from, Instant to) throws Exception {
        String url = api + "/api/v1/usage?groupBy=model&from=" + encode(from.toString()) + "&to="
                + encode(to.toString());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the query API answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode body = new ObjectMapper().readTree(response.body());
        List<Row> rows = new ArrayList<>();
        for (JsonNode row : body.path("rows")) {
            rows.add(new Row(row.path("key").asText("(none)"), row.path("requests").asLong(),
                    row.path("errors").asLong(), row.path("totalTokens").asLong(),
                    new BigDecimal(row.path("costUsd").asText("0")), row.path("p95LatencyMs").asDouble()));
        }
        return new UsageSummary(rows);
    }

    public void print(PrintWriter out) {
        out.println();
        out.printf("%-22s %9s %7s %12s %12s %10s%n", "model", "requests", "errors", "tokens", "cost (USD)",
                "p95 (ms)");
        long requests = 0;
        long tokens = 0;
        BigDecimal cost = BigDecimal.ZERO;
        for (Row row : rows) {
            out.printf("%-22s %9d %7d %12d %12s %10.0f%n", row.model(), row.requests(), row.errors(), row.tokens(),
                    row.costUsd().setScale(4, java.math.RoundingMode.HALF_UP).toPlainString(), row.p95Ms());
            requests += row.requests();
            tokens += row.tokens();
            cost = cost.add(row.costUsd());
        }
        out.printf("%-22s %9d %7s %12d %12s%n", "total", requests, "", tokens,
                cost.setScale(4, java.math.RoundingMode.HALF_UP).toPlainString());
        out.flush();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
