package org.llmobservatory.server.otlp;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/**
 * Export responses as OTLP wants them: {@code partial_success} left unset on full success, and set
 * with the rejected count and a message for the sender when anything was rejected.
 */
public final class OtlpResponses {

    private OtlpResponses() {
    }

    public static ExportTraceServiceResponse traces(long rejectedSpans, String errorMessage) {
        ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
        if (rejectedSpans > 0) {
            response.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                    .setRejectedSpans(rejectedSpans).setErrorMessage(nonNull(errorMessage)));
        }
        return response.build();
    }

    public static ExportLogsServiceResponse logs(long rejectedLogRecords, String errorMessage) {
        ExportLogsServiceResponse.Builder response = ExportLogsServiceResponse.newBuilder();
        if (rejectedLogRecords > 0) {
            response.setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
                    .setRejectedLogRecords(rejectedLogRecords).setErrorMessage(nonNull(errorMessage)));
        }
        return response.build();
    }

    public static ExportMetricsServiceResponse metrics(long rejectedDataPoints, String errorMessage) {
        ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
        if (rejectedDataPoints > 0) {
            response.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                    .setRejectedDataPoints(rejectedDataPoints).setErrorMessage(nonNull(errorMessage)));
        }
        return response.build();
    }

    private static String nonNull(String message) {
        return message == null ? "" : message;
    }
}
