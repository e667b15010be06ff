package org.llmobservatory.server.demo;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One OpenTelemetry SDK per demo application (each with its own {@code service.name}), exporting over
 * OTLP/HTTP protobuf to the endpoint, with an API key when one is given.
 */
final class DemoTelemetry implements AutoCloseable {

    private record Sdk(SdkTracerProvider traces, SdkLoggerProvider logs, SdkMeterProvider metrics,
            LongHistogram tokenUsage, DoubleHistogram duration) {
    }

    private final Map<String, Sdk> sdks = new HashMap<>();

    DemoTelemetry(String endpoint, String apiKey) {
        for (String service : DemoCatalog.SERVICES) {
            Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                    AttributeKey.stringKey("service.name"), service,
                    AttributeKey.stringKey("deployment.environment.name"), "demo")));
            Map<String, String> headers = apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
            SdkTracerProvider traces = SdkTracerProvider.builder().setResource(resource)
                    .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                            .setEndpoint(endpoint + "/v1/traces").setHeaders(() -> headers).build())
                            .setMaxExportBatchSize(512).build())
                    .build();
            SdkLoggerProvider logs = SdkLoggerProvider.builder().setResource(resource)
                    .addLogRecordProcessor(BatchLogRecordProcessor.builder(OtlpHttpLogRecordExporter.builder()
                            .setEndpoint(endpoint + "/v1/logs").setHeaders(() -> headers).build()).build())
                    .build();
            SdkMeterProvider metrics = SdkMeterProvider.builder().setResource(resource)
                    .registerMetricReader(PeriodicMetricReader.builder(OtlpHttpMetricExporter.builder()
                            .setEndpoint(endpoint + "/v1/metrics").setHeaders(() -> headers).build())
                            .setInterval(Duration.ofSeconds(5)).build())
                    .build();
            var meter = metrics.get("llm-observatory-demo");
            sdks.put(service, new Sdk(traces, logs, metrics,
                    meter.histogramBuilder("gen_ai.client.token.usage").ofLongs().setUnit("{token}").build(),
                    meter.histogramBuilder("gen_ai.client.operation.duration").setUnit("s").build()));
        }
    }

    Tracer tracer(String service) {
        return sdks.get(service).traces().get("llm-observatory-demo");
    }

    Logger logger(String service) {
        return sdks.get(service).logs().get("llm-observatory-demo");
    }

    LongHistogram tokenUsage(String service) {
        return sdks.get(service).tokenUsage();
    }

    DoubleHistogram operationDuration(String service) {
        return sdks.get(service).duration();
    }

    /** Exports everything recorded so far; false when some export failed. */
    boolean flush() {
        List<io.opentelemetry.sdk.common.CompletableResultCode> results = new ArrayList<>();
        for (Sdk sdk : sdks.values()) {
            results.add(sdk.traces().forceFlush());
            results.add(sdk.logs().forceFlush());
            results.add(sdk.metrics().forceFlush());
        }
        return io.opentelemetry.sdk.common.CompletableResultCode.ofAll(results).join(60, TimeUnit.SECONDS)
                .isSuccess();
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
