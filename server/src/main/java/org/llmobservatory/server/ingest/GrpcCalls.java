package org.llmobservatory.server.ingest;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Function;
import org.llmobservatory.server.limits.Admission;
import org.llmobservatory.server.limits.RateLimiter;
import org.llmobservatory.server.otlp.OtlpDecodeException;
import org.llmobservatory.server.otlp.TelemetrySignal;
import org.llmobservatory.storage.auth.ApiKeys;
import org.llmobservatory.storage.auth.Principal;

/** Runs one export call: authenticate, ingest, answer; errors become gRPC statuses OTLP clients understand. */
final class GrpcCalls {

    private final ApiKeys keys;
    private final RateLimiter limiter;
    private final Ingest ingest;

    GrpcCalls(ApiKeys keys, RateLimiter limiter, Ingest ingest) {
        this.keys = keys;
        this.limiter = limiter;
        this.ingest = ingest;
    }

    @SuppressWarnings("unchecked")
    <A extends Message> void run(StreamObserver<A> out, TelemetrySignal signal, Function<String, Accepted> store) {
        try {
            Optional<Principal> principal = keys.authenticate(OtlpGrpcServer.TOKEN.get());
            if (principal.isEmpty()) {
                ingest.rejectedWhole(signal, Protocol.GRPC);
                out.onError(StatusProto.toStatusRuntimeException(Status.newBuilder()
                        .setCode(Code.UNAUTHENTICATED.getNumber())
                        .setMessage("a valid API key is required (metadata authorization: Bearer <key>)").build()));
                return;
            }
            Admission admission = limiter.acquire(principal.get());
            if (!admission.allowed()) {
                ingest.refusedWhole(signal, Protocol.GRPC);
                out.onError(StatusProto.toStatusRuntimeException(throttled(admission.retryAfterSeconds())));
                return;
            }
            ingest.admit(signal, Protocol.GRPC);
            Accepted accepted = store.apply(principal.get().projectId());
            out.onNext((A) accepted.response());
            out.onCompleted();
        } catch (IngestException e) {
            out.onError(retryable(e.getMessage(), e.retryAfterSeconds()));
        } catch (SQLException e) {
            out.onError(retryable("the key store is unavailable; retry later", 5));
        } catch (OtlpDecodeException e) {
            ingest.rejectedWhole(signal, Protocol.GRPC);
            out.onError(StatusProto.toStatusRuntimeException(Status.newBuilder()
                    .setCode(Code.INVALID_ARGUMENT.getNumber()).setMessage(e.getMessage()).build()));
        } catch (IllegalArgumentException e) {
            out.onError(StatusProto.toStatusRuntimeException(Status.newBuilder()
                    .setCode(Code.INVALID_ARGUMENT.getNumber()).setMessage(e.getMessage()).build()));
        }
    }

    /**
     * RESOURCE_EXHAUSTED with RetryInfo: the OTLP specification has exporters retry it after the delay
     * (without RetryInfo they would drop the data).
     */
    static Status throttled(int seconds) {
        return Status.newBuilder().setCode(Code.RESOURCE_EXHAUSTED.getNumber())
                .setMessage("rate limit exceeded for this API key; retry in " + seconds + " s")
                .addDetails(Any.pack(retryInfo(seconds))).build();
    }

    private static RetryInfo retryInfo(int seconds) {
        return RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(seconds))
                .build();
    }

    /** UNAVAILABLE with RetryInfo: OTLP exporters retry it after the given delay. */
    private static RuntimeException retryable(String message, int seconds) {
        RetryInfo retry = retryInfo(seconds);
        return StatusProto.toStatusRuntimeException(Status.newBuilder()
                .setCode(Code.UNAVAILABLE.getNumber()).setMessage(message).addDetails(Any.pack(retry)).build());
    }
}
