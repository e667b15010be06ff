package org.llmobservatory.server.demo;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One OpenTelemetry SDK per demo application (each with its own {@code service.name}), exporting over
 * OTLP/HTTP protobuf to the endpoint, with an API key when one is given. Spans and logs carry their own
 * timestamps; the metric SDKs read a {@link SimulatedClock} and export only when told to, with delta
 * temporality, so that each export holds the model calls of one simulated minute.
 */
final class DemoTelemetry implements AutoCloseable {

    private static final String SCOPE = "llm-observatory-demo";

    // The bucket boundaries the GenAI semantic conventions advise for these two histograms.
    private static final List<Long> TOKEN_BUCKETS = List.of(1L, 4L, 16L, 64L, 256L, 1_024L, 4_096L, 16_384L,
            65_536L, 262_144L, 1_048_576L, 4_194_304L, 16_777_216L, 67_108_864L);
    private static final List<Double> SECOND_BUCKETS = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28,
            2.56, 5.12, 10.24, 20.48, 40.96, 81.92);

    private record Sdk(SdkTracerProvider traces, SdkLoggerProvider logs, SdkMeterProvider metrics,
            LongHistogram tokenUsage, DoubleHistogram duration) {
    }

    private final Map<String, Sdk> sdks = new HashMap<>();
    private final SimulatedClock metricClock;
    private int logRecords;
    private boolean metricsExported = true;

    /** The metric SDKs start their first interval at {@code metricsStart}. */
    DemoTelemetry(String endpoint, String apiKey, Instant metricsStart) {
        metricClock = new SimulatedClock(metricsStart);
        Map<String, String> headers = apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
        for (String service : DemoCatalog.SERVICES) {
            Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                    AttributeKey.stringKey("service.name"), service,
                    AttributeKey.stringKey("deployment.environment.name"), "demo")));
            SdkTracerProvider traces = SdkTracerProvider.builder().setResource(resource)
                    .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                            .setEndpoint(endpoint + "/v1/traces").setHeaders(() -> headers).build())
                            .setMaxExportBatchSize(512).build())
                    .build();
            SdkLoggerProvider logs = SdkLoggerProvider.builder().setResource(resource)
                    .addLogRecordProcessor(BatchLogRecordProcessor.builder(OtlpHttpLogRecordExporter.builder()
                            .setEndpoint(endpoint + "/v1/logs").setHeaders(() -> headers).build()).build())
                    .build();
            // Exports happen on exportMetrics only: the interval is longer than any demo.
            SdkMeterProvider metrics = SdkMeterProvider.builder().setResource(resource).setClock(metricClock)
                    .registerMetricReader(PeriodicMetricReader.builder(OtlpHttpMetricExporter.builder()
                            .setEndpoint(endpoint + "/v1/metrics").setHeaders(() -> headers)
                            .setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred())
                            .build())
                            .setInterval(Duration.ofDays(1))
                            .setInternalTelemetryVersion(InternalTelemetryVersion.LEGACY)
                            .build())
                    .build();
            var meter = metrics.get(SCOPE);
            sdks.put(service, new Sdk(traces, logs, metrics,
                    meter.histogramBuilder("gen_ai.client.token.usage").ofLongs().setUnit("{token}")
                            .setDescription("Tokens of each model call, by token type")
                            .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS).build(),
                    meter.histogramBuilder("gen_ai.client.operation.duration").setUnit("s")
                            .setDescription("How long each model call took")
                            .setExplicitBucketBoundariesAdvice(SECOND_BUCKETS).build()));
        }
    }

    Tracer tracer(String service) {
        return sdks.get(service).traces().get(SCOPE);
    }

    LongHistogram tokenUsage(String service) {
        return sdks.get(service).tokenUsage();
    }

    DoubleHistogram operationDuration(String service) {
        return sdks.get(service).duration();
    }

    /** Emits a log record of {@code service} in the span context of {@code context}, with severity text. */
    void log(String service, Context context, Instant time, Severity severity, String body, Attributes attributes) {
        sdks.get(service).logs().get(SCOPE).logRecordBuilder()
                .setTimestamp(time)
                .setContext(context)
                .setSeverity(severity)
                .setSeverityText(severity.name())
                .setBody(body)
                .setAllAttributes(attributes)
                .emit();
        logRecords++;
    }

    int logRecords() {
        return logRecords;
    }

    /**
     * Collects and exports what the metric instruments recorded since the last export, stamped as collected at
     * {@code at}; waits for the exports to be acknowledged.
     */
    void exportMetrics(Instant at) {
        metricClock.set(at);
        List<CompletableResultCode> results = new ArrayList<>();
        for (Sdk sdk : sdks.values()) {
            results.add(sdk.metrics().forceFlush());
        }
        // Joined before the clock moves again, so that no collection reads the next minute's time.
        if (!CompletableResultCode.ofAll(results).join(30, TimeUnit.SECONDS).isSuccess()) {
            metricsExported = false;
        }
    }

    /** Exports the spans and logs recorded so far; false when some export, metrics included, failed. */
    boolean flush() {
        List<CompletableResultCode> results = new ArrayList<>();
        for (Sdk sdk : sdks.values()) {
            results.add(sdk.traces().forceFlush());
            results.add(sdk.logs().forceFlush());
        }
        return CompletableResultCode.ofAll(results).join(60, TimeUnit.SECONDS).isSuccess() && metricsExported;
    }

    @Override
    public void close() {
        for (Sdk sdk : sdks.values()) {
            sdk.traces().close();
            sdk.logs().close();
            sdk.metrics().close();
        }
    }
}
