package org.llmobservatory.server.ingest;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.llmobservatory.server.otlp.TelemetrySignal;

/** Runs one export call through {@link Ingest} and answers it with the gRPC status OTLP clients understand. */
final class GrpcCalls {

    private final Ingest ingest;

    GrpcCalls(Ingest ingest) {
        this.ingest = ingest;
    }

    /** Ingests {@code body}, sent with the key the call's metadata held, within the deadline the client set. */
    @SuppressWarnings("unchecked")
    <A> void run(StreamObserver<A> out, TelemetrySignal signal, byte[] body) {
        Deadline deadline = Context.current().getDeadline();
        Duration timeLeft = deadline == null ? null : Duration.ofMillis(deadline.timeRemaining(TimeUnit.MILLISECONDS));
        IngestResult result = ingest.export(new ExportCall(signal, Protocol.GRPC, OtlpGrpcServer.TOKEN.get(),
                RequestPayload.of(body), timeLeft));
        if (result instanceof IngestResult.Stored stored) {
            out.onNext((A) stored.response());
            out.onCompleted();
        } else {
            out.onError(StatusProto.toStatusRuntimeException(status(result)));
        }
    }

    private static Status status(IngestResult result) {
        return switch (result) {
            case IngestResult.Stored stored -> Status.newBuilder().setCode(Code.OK.getNumber()).build();
            case IngestResult.Unauthenticated ignored -> Status.newBuilder()
                    .setCode(Code.UNAUTHENTICATED.getNumber())
                    .setMessage("a valid API key is required (metadata authorization: Bearer <key>)").build();
            case IngestResult.Throttled throttled -> throttled(throttled);
            case IngestResult.Invalid invalid -> Status.newBuilder()
                    .setCode((invalid.problem() == IngestResult.Problem.TOO_LARGE ? Code.RESOURCE_EXHAUSTED
                            : Code.INVALID_ARGUMENT).getNumber())
                    .setMessage(invalid.message()).build();
            case IngestResult.Unavailable unavailable -> Status.newBuilder().setCode(Code.UNAVAILABLE.getNumber())
                    .setMessage(unavailable.message())
                    .addDetails(Any.pack(retryInfo(unavailable.retryAfterSeconds()))).build();
        };
    }

    /**
     * RESOURCE_EXHAUSTED with RetryInfo: the OTLP specification has exporters retry it after the delay
     * (without RetryInfo they would drop the data). OTLP/HTTP sends the same status as its 429 body.
     */
    static Status throttled(IngestResult.Throttled throttled) {
        return Status.newBuilder().setCode(Code.RESOURCE_EXHAUSTED.getNumber()).setMessage(throttled.message())
                .addDetails(Any.pack(retryInfo(throttled.retryAfterSeconds()))).build();
    }

    private static RetryInfo retryInfo(int seconds) {
        return RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(seconds))
                .build();
    }
}
