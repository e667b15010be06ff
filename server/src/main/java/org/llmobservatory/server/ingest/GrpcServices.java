package org.llmobservatory.server.ingest;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.llmobservatory.server.otlp.TelemetrySignal;

/**
 * The three OTLP collector services. Each export arrives as the raw message bytes and goes through the
 * decoder OTLP/HTTP protobuf uses, so a malformed body or one of another signal gets INVALID_ARGUMENT
 * with that decoder's message (grpc-java's generated parser would fail the call with UNKNOWN and no
 * reason), and both protocols follow one set of rules.
 */
final class GrpcServices {

    private GrpcServices() {
    }

    static List<ServerServiceDefinition> all(GrpcCalls calls) {
        return List.of(
                service(TraceServiceGrpc.getExportMethod(), TelemetrySignal.TRACES, calls),
                service(LogsServiceGrpc.getExportMethod(), TelemetrySignal.LOGS, calls),
                service(MetricsServiceGrpc.getExportMethod(), TelemetrySignal.METRICS, calls));
    }

    private static <A extends Message> ServerServiceDefinition service(MethodDescriptor<?, A> export,
            TelemetrySignal signal, GrpcCalls calls) {
        MethodDescriptor<byte[], A> raw = export.toBuilder(RawBody.INSTANCE, export.getResponseMarshaller()).build();
        return ServerServiceDefinition.builder(export.getServiceName())
                .addMethod(raw, ServerCalls.<byte[], A>asyncUnaryCall((body, out) -> calls.run(out, signal, body)))
                .build();
    }

    /** The request as it came off the wire (already inflated when it was sent gzip). */
    private enum RawBody implements MethodDescriptor.Marshaller<byte[]> {
        INSTANCE;

        @Override
        public InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw Status.INVALID_ARGUMENT.withDescription("the request could not be read: " + e.getMessage())
                        .withCause(e).asRuntimeException();
            }
        }
    }
}
