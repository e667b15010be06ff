package org.llmobservatory.server.otlp;

import com.google.protobuf.Descriptors.Descriptor;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/** The three OTLP signals, with the HTTP path and top-level JSON field each one uses. */
public enum TelemetrySignal {
    TRACES("traces", "/v1/traces", "resourceSpans", "resource_spans", ExportTraceServiceRequest.getDescriptor()),
    LOGS("logs", "/v1/logs", "resourceLogs", "resource_logs", ExportLogsServiceRequest.getDescriptor()),
    METRICS("metrics", "/v1/metrics", "resourceMetrics", "resource_metrics",
            ExportMetricsServiceRequest.getDescriptor());

    private final String label;
    private final String path;
    private final String jsonRoot;
    private final String protoRoot;
    private final Descriptor requestType;

    TelemetrySignal(String label, String path, String jsonRoot, String protoRoot, Descriptor requestType) {
        this.label = label;
        this.path = path;
        this.jsonRoot = jsonRoot;
        this.protoRoot = protoRoot;
        this.requestType = requestType;
    }

    /** {@code traces}, {@code logs} or {@code metrics}: how messages name the signal. */
    public String label() {
        return label;
    }

    /** The default OTLP/HTTP path, such as {@code /v1/traces}. */
    public String path() {
        return path;
    }

    /** The top-level field of the export request in OTLP/JSON, such as {@code resourceSpans}. */
    public String jsonRoot() {
        return jsonRoot;
    }

    String protoRoot() {
        return protoRoot;
    }

    Descriptor requestType() {
        return requestType;
    }
}
