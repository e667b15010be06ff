package org.llmobservatory.server.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.llmobservatory.server.ratelimit.RateLimiter;
import org.llmobservatory.server.redaction.Redaction;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.auth.ApiKeys;

/** The OTLP receivers of a service: OTLP/HTTP and OTLP/gRPC in front of one {@link Ingest}. */
public final class IngestServers implements AutoCloseable {

    /** Largest request body, after decompression, and largest gRPC message: 8 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final OtlpHttpServer http;
    private final OtlpGrpcServer grpc;

    private IngestServers(OtlpHttpServer http, OtlpGrpcServer grpc) {
        this.http = http;
        this.grpc = grpc;
    }

    /**
     * Starts both receivers on {@code bindAddress} (ports 0 pick free ones), counting into {@code registry},
     * refusing principals over {@code limiter}, storing content through {@code redaction}, and answering a request
     * whose items did not commit within {@code ackTimeout} with 503 / UNAVAILABLE.
     */
    public static IngestServers start(Storage storage, ApiKeys keys, RateLimiter limiter, Redaction redaction,
            MeterRegistry registry, String bindAddress, int httpPort, int grpcPort, Duration ackTimeout) {
        Ingest ingest = new Ingest(storage, keys, limiter, redaction, new IngestMetrics(registry), ackTimeout);
        OtlpHttpServer http = OtlpHttpServer.start(ingest, DEFAULT_MAX_BODY_BYTES, bindAddress, httpPort);
        try {
            return new IngestServers(http, OtlpGrpcServer.start(ingest, DEFAULT_MAX_BODY_BYTES, bindAddress,
                    grpcPort));
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
