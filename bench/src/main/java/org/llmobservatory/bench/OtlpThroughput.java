package org.llmobservatory.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.llmobservatory.server.ObservatoryService;
import org.llmobservatory.server.ServerConfig;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.StorageConfig;

/**
 * Spans per second end to end over OTLP/HTTP protobuf: concurrent clients post requests of 512 spans
 * to a running service on an embedded PostgreSQL, each request answered only after its spans are
 * committed. Reports every run and the median.
 */
public final class OtlpThroughput {

    private OtlpThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int requestsPerClient = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int spansPerRequest = 512;
        Path dir = Files.createTempDirectory("observatory-otlp-bench-");
        StorageConfig storage = StorageConfig.builder().dataDir(dir).redis(new RedisTarget.Disabled()).build();
        ObservatoryService service = ObservatoryService.start(new ServerConfig("127.0.0.1", 0, 0, 0, 0), storage);
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + service.ports().otlpHttp() + "/v1/traces");
            System.out.printf(Locale.ROOT, "OTLP/HTTP protobuf: %d clients x %d requests x %d spans per run, %d runs%n",
                    clients, requestsPerClient, spansPerRequest, runs);
            List<Double> rates = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                rates.add(run(endpoint, clients, requestsPerClient, spansPerRequest, run));
            }
            System.out.printf(Locale.ROOT, "median: %.0f spans/s%n", WriterThroughput.median(rates));
        } finally {
            service.stop();
        }
    }

    private static double run(URI endpoint, int clients, int requestsPerClient, int spansPerRequest, int run)
            throws Exception {
        List<List<byte[]>> bodies = new ArrayList<>();
        Instant now = Instant.now();
        for (int c = 0; c < clients; c++) {
            OtlpRequests generator = new OtlpRequests(run * 1_000L + c);
            List<byte[]> mine = new ArrayList<>();
            for (int r = 0; r < requestsPerClient; r++) {
                mine.add(generator.request(spansPerRequest, now));
            }
            bodies.add(mine);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger failed = new AtomicInteger();
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (List<byte[]> mine : bodies) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (byte[] body : mine) {
                    try {
                        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(endpoint)
                                .header("Content-Type", "application/x-protobuf")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 200) {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int spans = clients * requestsPerClient * spansPerRequest;
        double rate = spans / seconds;
        System.out.printf(Locale.ROOT, "  run %d: %,d spans in %.2f s = %,.0f spans/s (%d requests not 200)%n",
                run + 1, spans, seconds, rate, failed.get());
        return rate;
    }
}
