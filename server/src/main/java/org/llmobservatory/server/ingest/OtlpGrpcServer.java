package org.llmobservatory.server.ingest;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * OTLP/gRPC: the trace, logs and metrics collector services, gzip included (grpc-java decompresses it),
 * each call answered once its items are committed, on virtual threads.
 */
public final class OtlpGrpcServer implements AutoCloseable {

    /** The API key a call presented, read from its metadata; authenticated on the call's own thread. */
    static final Context.Key<String> TOKEN = Context.key("observatory-api-key");
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);

    private final Server server;
    private final ExecutorService executor;

    private OtlpGrpcServer(Server server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts on {@code bindAddress:port} (free port when 0); messages over {@code maxMessageBytes} are refused. */
    static OtlpGrpcServer start(Ingest ingest, int maxMessageBytes, String bindAddress, int port) {
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(bindAddress, port))
                .executor(executor)
                .maxInboundMessageSize(maxMessageBytes)
                .intercept(new TokenCapture())
                .addServices(GrpcServices.all(new GrpcCalls(ingest)))
                .build();
        try {
            server.start();
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("could not start the OTLP/gRPC server on " + bindAddress + ":" + port
                    + ": " + e.getMessage(), e);
        }
        return new OtlpGrpcServer(server, executor);
    }

    public int port() {
        return server.getPort();
    }

    /** Stops taking calls and lets running ones finish for a few seconds. */
    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }

    /** Copies the presented key into the call's context; checking it needs the database, so not here. */
    private static final class TokenCapture implements ServerInterceptor {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                ServerCallHandler<Q, A> next) {
            String token = Credentials.token(headers.get(AUTHORIZATION), headers.get(API_KEY));
            return Contexts.interceptCall(Context.current().withValue(TOKEN, token), call, headers, next);
        }
    }
}
