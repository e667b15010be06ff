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
import org.llmobservatory.storage.auth.ApiKeys;
import org.llmobservatory.storage.auth.Principal;

/** Runs one export call: authenticate, ingest, answer; errors become gRPC statuses OTLP clients understand. */
final class GrpcCalls {

    private final ApiKeys keys;

    GrpcCalls(ApiKeys keys) {
        this.keys = keys;
    }

    @SuppressWarnings("unchecked")
    <A extends Message> void run(StreamObserver<A> out, Function<String, Accepted> ingest) {
        try {
            Optional<Principal> principal = keys.authenticate(OtlpGrpcServer.TOKEN.get());
            if (principal.isEmpty()) {
                out.onError(StatusProto.toStatusRuntimeException(Status.newBuilder()
                        .setCode(Code.UNAUTHENTICATED.getNumber())
                        .setMessage("a valid API key is required (metadata authorization: Bearer <key>)").build()));
                return;
            }
            Accepted accepted = ingest.apply(principal.get().projectId());
            out.onNext((A) accepted.response());
            out.onCompleted();
        } catch (IngestException e) {
            out.onError(retryable(e.getMessage(), e.retryAfterSeconds()));
        } catch (SQLException e) {
            out.onError(retryable("the key store is unavailable; retry later", 5));
        } catch (IllegalArgumentException e) {
            out.onError(StatusProto.toStatusRuntimeException(Status.newBuilder()
                    .setCode(Code.INVALID_ARGUMENT.getNumber()).setMessage(e.getMessage()).build()));
        }
    }

    /** UNAVAILABLE with RetryInfo: OTLP exporters retry it after the given delay. */
    private static RuntimeException retryable(String message, int seconds) {
        RetryInfo retry = RetryInfo.newBuilder()
                .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(seconds)).build();
        return StatusProto.toStatusRuntimeException(Status.newBuilder()
                .setCode(Code.UNAVAILABLE.getNumber()).setMessage(message).addDetails(Any.pack(retry)).build());
    }
}
