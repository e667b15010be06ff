package org.llmobservatory.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.llmobservatory.server.service.ObservatoryService;

/**
 * Traffic that gives a running service the metric series of real use: OTLP exports (good and refused),
 * and every query API and management route answered with each of its usual statuses, so that every
 * HTTP request timer a production scrape carries exists before the scrape is timed.
 */
final class RouteTraffic {

    private final HttpClient http;
    private final ObservatoryService service;
    private final Map<Integer, Integer> statuses = new TreeMap<>();

    RouteTraffic(HttpClient http, ObservatoryService service) {
        this.http = http;
        this.service = service;
    }

    /** Posts {@code requests} OTLP/HTTP exports of 512 spans each, of the last hour; returns the spans sent. */
    int ingest(int requests) throws IOException, InterruptedException {
        ExportRequests generator = new ExportRequests(42);
        String traces = otlp("/v1/traces");
        for (int r = 0; r < requests; r++) {
            post(traces, "application/x-protobuf", generator.next(512, Instant.now()));
        }
        return requests * 512;
    }

    /** One round of requests over every route; call it a few times so each series has samples. */
    void everyRoute() throws IOException, InterruptedException {
        String api = service.apiUrl() + "/api/v1";
        String day = "from=" + Instant.now().minusSeconds(86_400) + "&to=" + Instant.now();
        for (String path : List.of("/traces?" + day, "/traces?limit=abc", "/traces/0123456789abcdef0123456789abcdef",
                "/spans?" + day + "&model=gpt-4o", "/spans?status=maybe", "/logs?" + day, "/logs?minSeverity=loud",
                "/metrics/series?name=gen_ai.client.token.usage&" + day, "/metrics/series",
                "/usage?groupBy=model&step=1h&" + day, "/usage?groupBy=colour", "/openapi.json", "/no-such-route")) {
            get(api + path);
        }
        String someTrace = firstTraceId(api + "/traces?limit=1&" + day);
        if (someTrace != null) {
            get(api + "/traces/" + someTrace);
        }
        send(HttpRequest.newBuilder(URI.create(api + "/traces")).header("Authorization", "Bearer not-a-key").GET());
        send(HttpRequest.newBuilder(URI.create(api + "/traces")).DELETE());
        post(otlp("/v1/traces"), "text/plain", new byte[] {1, 2, 3});
        post(otlp("/v1/traces"), "application/x-protobuf", new byte[] {(byte) 0xff, 0x01});
        post(otlp("/v1/logs"), "application/x-protobuf", new byte[0]);
        post(otlp("/v1/metrics"), "application/x-protobuf", new byte[0]);
        for (String path : List.of("/health", "/health/live", "/health/ready", "/metrics", "/no-such-route")) {
            get(service.managementUrl() + path);
        }
    }

    /** How many responses had each status, for the figures' notes. */
    Map<Integer, Integer> statuses() {
        return Map.copyOf(statuses);
    }

    private String otlp(String path) {
        return "http://127.0.0.1:" + service.ports().otlpHttp() + path;
    }

    private String firstTraceId(String url) throws IOException, InterruptedException {
        String body = get(url);
        int at = body.indexOf("\"traceId\":\"");
        return at < 0 ? null : body.substring(at + 11, body.indexOf('"', at + 11));
    }

    private String get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private void post(String url, String contentType, byte[] body) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        statuses.merge(response.statusCode(), 1, Integer::sum);
        return response.body();
    }
}
