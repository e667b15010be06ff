package org.llmobservatory.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.service.ObservatoryService;
import org.llmobservatory.server.support.SdkClient;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/** The real OpenTelemetry Java SDK exporters sending to the running service, over every protocol. */
class OtlpIngestTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestDatabase db;
    private static ObservatoryService service;

    @BeforeAll
    static void start() {
        db = TestServers.freshDatabase();
        service = ObservatoryService.start(new ServerConfig("127.0.0.1", 0, 0, 0, 0), db.config());
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    private static String otlpHttp() {
        return "http://127.0.0.1:" + service.ports().otlpHttp();
    }

    private static ObservatoryService service() {
        return service;
    }

    private static long spans(String traceId) {
        return db.count("SELECT count(*) FROM spans WHERE trace_id = decode(?, 'hex')", traceId);
    }

    @Test
    void spans_from_the_sdk_http_exporter_are_stored_with_tokens_and_a_cost_from_the_price_table() {
        List<SpanData> trace = SdkClient.agentTrace("checkout-bot", 2, 1_000, 200);
        String traceId = trace.get(0).getTraceId();
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(otlpHttp() + "/v1/traces").build();
        try {
            assertThat(exporter.export(trace).join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
        } finally {
            exporter.shutdown();
        }
        assertThat(spans(traceId)).isEqualTo(3);
        assertThat(db.count("SELECT sum(input_tokens) FROM spans WHERE trace_id = decode(?, 'hex') AND model = 'gpt-4o'"
                + " AND provider = 'openai' AND service_name = 'checkout-bot'", traceId)).isEqualTo(2_000);
        // gpt-4o in the shipped price table: $2.50 input, $10.00 output per million tokens.
        // 1,000 x 2.50 + 200 x 10.00 = 2,500 + 2,000 = 4,500 per million.
        BigDecimal expected = new BigDecimal("0.0045000000");
        assertThat(db.count("SELECT count(*) FROM spans WHERE trace_id = decode(?, 'hex') AND cost_usd = ?", traceId, expected))
                .isEqualTo(2);
    }

    @Test
    void the_query_api_reports_exactly_the_tokens_and_cost_that_were_sent() throws Exception {
        String service = "usage-bot-" + System.nanoTime();
        List<SpanData> first = SdkClient.agentTrace(service, 3, 1_200, 300);
        List<SpanData> second = SdkClient.agentTrace(service, 2, 800, 50);
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(otlpHttp() + "/v1/traces").build();
        try {
            assertThat(exporter.export(first).join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
            assertThat(exporter.export(second).join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
        } finally {
            exporter.shutdown();
        }
        // gpt-4o: $2.50 input, $10.00 output per million tokens.
        // 3 x (1,200 x 2.50 + 300 x 10.00) + 2 x (800 x 2.50 + 50 x 10.00) = 3 x 6,000 + 2 x 2,500
        // = 23,000 per million.
        BigDecimal expectedCost = new BigDecimal("0.023");
        String from = java.time.Instant.now().minus(Duration.ofHours(1)).toString();
        String to = java.time.Instant.now().plus(Duration.ofMinutes(5)).toString();
        HttpResponse<String> usage = HTTP.send(HttpRequest.newBuilder(URI.create(service().apiUrl()
                + "/api/v1/usage?groupBy=model&service=" + service + "&from=" + from + "&to=" + to)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(usage.statusCode()).as(usage.body()).isEqualTo(200);
        var rows = new com.fasterxml.jackson.databind.ObjectMapper().readTree(usage.body()).get("rows");
        assertThat(rows).hasSize(1);
        var row = rows.get(0);
        assertThat(row.get("key").asText()).isEqualTo("gpt-4o");
        assertThat(row.get("requests").asLong()).isEqualTo(5);
        assertThat(row.get("inputTokens").asLong()).isEqualTo(3 * 1_200 + 2 * 800);
        assertThat(row.get("outputTokens").asLong()).isEqualTo(3 * 300 + 2 * 50);
        assertThat(row.get("totalTokens").asLong()).isEqualTo(3 * 1_500 + 2 * 850);
        assertThat(new BigDecimal(row.get("costUsd").asText())).isEqualByComparingTo(expectedCost);
    }

    @Test
    void spans_from_the_sdk_grpc_exporter_are_stored() {
        List<SpanData> trace = SdkClient.agentTrace("grpc-bot", 3, 10, 5);
        OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + service.ports().otlpGrpc()).setCompression("gzip").build();
        try {
            assertThat(exporter.export(trace).join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
        } finally {
            exporter.shutdown();
        }
        assertThat(spans(trace.get(0).getTraceId())).isEqualTo(4);
    }

    @Test
    void an_otlp_json_body_from_the_sdk_marshaler_is_stored_and_answered_in_json() throws Exception {
        List<SpanData> trace = SdkClient.agentTrace("json-bot", 1, 10, 5);
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        TraceRequestMarshaler.create(trace).writeJsonTo(json);
        HttpResponse<String> response = post("/v1/traces", "application/json", json.toByteArray());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        assertThat(response.body()).doesNotContain("partialSuccess");
        assertThat(spans(trace.get(0).getTraceId())).isEqualTo(2);
    }

    @Test
    void a_retried_export_creates_no_duplicates() {
        List<SpanData> trace = SdkClient.agentTrace("retry-bot", 4, 10, 5);
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(otlpHttp() + "/v1/traces").build();
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                assertThat(exporter.export(trace).join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
            }
        } finally {
            exporter.shutdown();
        }
        assertThat(spans(trace.get(0).getTraceId())).isEqualTo(5);
    }

    @Test
    void logs_and_metrics_from_the_sdk_http_exporters_are_stored() {
        Resource resource = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "log-bot"));
        OtlpHttpLogRecordExporter logExporter = OtlpHttpLogRecordExporter.builder()
                .setEndpoint(otlpHttp() + "/v1/logs").build();
        try (SdkLoggerProvider logs = SdkLoggerProvider.builder().setResource(resource)
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(logExporter)).build()) {
            logs.get("llm-app").logRecordBuilder().setBody("model call timed out")
                    .setSeverity(io.opentelemetry.api.logs.Severity.ERROR).emit();
            assertThat(logs.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
        }
        OtlpHttpMetricExporter metricExporter = OtlpHttpMetricExporter.builder()
                .setEndpoint(otlpHttp() + "/v1/metrics").build();
        try (SdkMeterProvider meters = SdkMeterProvider.builder().setResource(resource)
                .registerMetricReader(PeriodicMetricReader.builder(metricExporter)
                        .setInterval(Duration.ofHours(1)).build()).build()) {
            meters.get("llm-app").counterBuilder("gen_ai.client.requests").build().add(7);
            meters.get("llm-app").histogramBuilder("gen_ai.client.operation.duration").setUnit("s").build()
                    .record(1.25);
            assertThat(meters.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
        }
        assertThat(db.count("SELECT count(*) FROM logs WHERE service_name = 'log-bot' AND severity_number = 17"
                + " AND body = 'model call timed out'")).isEqualTo(1);
        assertThat(db.count("SELECT value::bigint FROM metric_points WHERE metric_name = 'gen_ai.client.requests'"
                + " AND service_name = 'log-bot'")).isEqualTo(7);
        assertThat(db.count("SELECT count FROM metric_points WHERE metric_name = 'gen_ai.client.operation.duration'"))
                .isEqualTo(1);
    }

    static HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(otlpHttp() + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
