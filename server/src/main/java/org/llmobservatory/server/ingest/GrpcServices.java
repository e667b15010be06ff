package org.llmobservatory.server.ingest;

import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import org.llmobservatory.server.otlp.TelemetrySignal;

/** The three OTLP collector services, each a thin adapter onto {@link Ingest}. */
final class GrpcServices {

    private GrpcServices() {
    }

    static final class Traces extends TraceServiceGrpc.TraceServiceImplBase {
        private final Ingest ingest;
        private final GrpcCalls calls;

        Traces(Ingest ingest, GrpcCalls calls) {
            this.ingest = ingest;
            this.calls = calls;
        }

        @Override
        public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> out) {
            calls.run(out, TelemetrySignal.TRACES, project -> ingest.traces(project, request, Protocol.GRPC));
        }
    }

    static final class Logs extends LogsServiceGrpc.LogsServiceImplBase {
        private final Ingest ingest;
        private final GrpcCalls calls;

        Logs(Ingest ingest, GrpcCalls calls) {
            this.ingest = ingest;
            this.calls = calls;
        }

        @Override
        public void export(ExportLogsServiceRequest request, StreamObserver<ExportLogsServiceResponse> out) {
            calls.run(out, TelemetrySignal.LOGS, project -> ingest.logs(project, request, Protocol.GRPC));
        }
    }

    static final class Metrics extends MetricsServiceGrpc.MetricsServiceImplBase {
        private final Ingest ingest;
        private final GrpcCalls calls;

        Metrics(Ingest ingest, GrpcCalls calls) {
            this.ingest = ingest;
            this.calls = calls;
        }

        @Override
        public void export(ExportMetricsServiceRequest request, StreamObserver<ExportMetricsServiceResponse> out) {
            calls.run(out, TelemetrySignal.METRICS, project -> ingest.metrics(project, request, Protocol.GRPC));
        }
    }
}
