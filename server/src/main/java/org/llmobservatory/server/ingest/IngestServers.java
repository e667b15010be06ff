package org.llmobservatory.server.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.ratelimit.RateLimiter;
import org.llmobservatory.server.redaction.Redaction;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.auth.ApiKeys;

/** The OTLP receivers of a service: OTLP/HTTP and OTLP/gRPC in front of one {@link Ingest}. */
public final class IngestServers implements AutoCloseable {

    private final OtlpHttpServer http;
    private final OtlpGrpcServer grpc;

    private IngestServers(OtlpHttpServer http, OtlpGrpcServer grpc) {
        this.http = http;
        this.grpc = grpc;
    }

    /**
     * Starts both receivers on the server's bind address and OTLP ports (0 picks a free one), counting into
     * {@code registry}, refusing principals over {@code limiter}, storing content through {@code redaction},
     * refusing bodies over the server's limit, and answering a request whose items did not commit within the
     * server's acknowledgement timeout with 503 / UNAVAILABLE.
     */
    public static IngestServers start(Storage storage, ApiKeys keys, RateLimiter limiter, Redaction redaction,
            MeterRegistry registry, ServerConfig server) {
        Ingest ingest = new Ingest(storage, keys, limiter, redaction, new IngestMetrics(registry),
                server.ackTimeout());
        OtlpHttpServer http = OtlpHttpServer.start(ingest, server.maxBodyBytes(), server.bindAddress(),
                server.otlpHttpPort());
        try {
            return new IngestServers(http, OtlpGrpcServer.start(ingest, server.maxBodyBytes(), server.bindAddress(),
                    server.otlpGrpcPort()));
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
    }

    public int httpPort() {
        return http.port();
    }

    public int grpcPort() {
        return grpc.port();
    }

    /** Stops taking requests; running ones finish first (their items are committed or refused). */
    @Override
    public void close() {
        grpc.close();
        http.close();
    }
}
