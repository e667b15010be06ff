package org.llmobservatory.bench.ingest;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Concurrent OTLP exporters sending pre-built requests back to back, each waiting for its answer
 * (which the service gives only after the spans are committed) before sending the next. A run is timed
 * from the first request to the last answer; any request not accepted fails the run.
 */
final class OtlpClients {

    private OtlpClients() {
    }

    /** Seconds for every client to post its bodies to {@code endpoint} as {@code contentType}. */
    static double http(URI endpoint, String contentType, OtlpBodies bodies) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        return timed(bodies.perClient(), body -> {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofMinutes(2)).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("OTLP/HTTP answered " + response.statusCode() + ": " + response.body());
            }
        });
    }

    /** Seconds for every client to export its messages over one shared gRPC channel (as SDK exporters do). */
    static double grpc(int port, List<List<ExportTraceServiceRequest>> messages) throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            TraceServiceGrpc.TraceServiceBlockingStub stub = TraceServiceGrpc.newBlockingStub(channel);
            return timed(messages, message -> stub.withDeadlineAfter(2, TimeUnit.MINUTES).export(message));
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private interface Send<T> {
        void send(T request) throws Exception;
    }

    private static <T> double timed(List<List<T>> perClient, Send<T> send) throws InterruptedException {
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicInteger sent = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        long started = System.nanoTime();
        for (List<T> mine : perClient) {
            clients.add(Thread.ofPlatform().start(() -> {
                for (T request : mine) {
                    if (failure.get() != null) {
                        return;
                    }
                    try {
                        send.send(request);
                        sent.incrementAndGet();
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("an OTLP request failed after " + sent.get() + " were accepted",
                    failure.get());
        }
        return seconds;
    }
}
