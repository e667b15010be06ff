package org.llmobservatory.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench/run soak}: loads a running service over OTLP/HTTP protobuf and every interval appends its
 * RSS, its GC pause seconds so far and the window's request latency p50/p99 to a CSV. With a number as
 * {@code --rate} it sends at that fixed rate (open loop: a slow answer does not slow the sending down);
 * with {@code --rate max}, {@code --clients} clients each send their next request as soon as the last
 * one is answered (closed loop), which holds the service at its maximum sustained ingest.
 */
public final class SoakDriver {

    private static final int MAX_OUTSTANDING = 512;

    private final URI endpoint;
    private final ServiceProbe probe;
    private final int spansPerRequest;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Semaphore outstanding = new Semaphore(MAX_OUTSTANDING);
    private final ExportRequests requests = new ExportRequests(System.nanoTime());
    private final List<Long> latenciesNanos = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile boolean stopping;

    private SoakDriver(URI endpoint, URI metrics, long pid, int spansPerRequest) {
        this.endpoint = endpoint;
        this.probe = new ServiceProbe(pid, metrics, http);
        this.spansPerRequest = spansPerRequest;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String rate = options.getOrDefault("rate", "19000");
        double minutes = Double.parseDouble(options.getOrDefault("minutes", "30"));
        int interval = Integer.parseInt(options.getOrDefault("interval", "30"));
        int spans = Integer.parseInt(options.getOrDefault("spans-per-request", "512"));
        int clients = Integer.parseInt(options.getOrDefault("clients", "8"));
        String endpoint = required(options, "endpoint");
        SoakDriver driver = new SoakDriver(URI.create(endpoint.replaceAll("/+$", "") + "/v1/traces"),
                URI.create(required(options, "metrics")), Long.parseLong(required(options, "pid")), spans);
        Runnable load = rate.equals("max") ? driver.closedLoop(clients) : driver.openLoop(Integer.parseInt(rate));
        driver.run(load, Duration.ofMillis((long) (minutes * 60_000)), Duration.ofSeconds(interval),
                Path.of(options.getOrDefault("csv", "soak.csv")));
    }

    private void run(Runnable load, Duration duration, Duration interval, Path csv) throws Exception {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
            out.println("elapsed_s,rss_mib,gc_pause_seconds_total,requests_ok,requests_503,requests_failed,"
                    + "requests_skipped,p50_ms,p99_ms,load_avg_1m");
            out.flush();
            long started = System.nanoTime();
            load.run();
            long next = started;
            while (System.nanoTime() - started < duration.toNanos()) {
                next += Math.min(interval.toNanos(), duration.toNanos() - (next - started));
                TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
                String row = sample((System.nanoTime() - started) / 1_000_000_000L);
                out.println(row);
                out.flush();
                System.out.println(row);
            }
        } finally {
            stopping = true;
        }
        System.out.printf("soak: %d answered 200, %d answered 503, %d failed, %d not sent (%d already waiting)%n",
                ok.get(), refused.get(), failed.get(), skipped.get(), MAX_OUTSTANDING);
    }

    /** Starts sending at a fixed rate on a daemon ticker. */
    private Runnable openLoop(int spansPerSecond) {
        long periodNanos = (long) (1e9 * spansPerRequest / spansPerSecond);
        System.out.printf(Locale.ROOT, "soak: %d spans/s (%d-span requests every %.1f ms) to %s%n",
                spansPerSecond, spansPerRequest, periodNanos / 1e6, endpoint);
        return () -> Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory())
                .scheduleAtFixedRate(this::send, 0, periodNanos, TimeUnit.NANOSECONDS);
    }

    /** Starts {@code clients} daemon threads, each sending a new request as soon as its last one is answered. */
    private Runnable closedLoop(int clients) {
        System.out.printf(Locale.ROOT, "soak: as fast as answered, %d clients of %d-span requests, to %s%n", clients,
                spansPerRequest, endpoint);
        return () -> {
            for (int c = 0; c < clients; c++) {
                ExportRequests mine = new ExportRequests(System.nanoTime() + c);
                Thread.ofPlatform().daemon().name("soak-client-" + c).start(() -> {
                    while (!stopping) {
                        byte[] body = mine.next(spansPerRequest, Instant.now());
                        long sent = System.nanoTime();
                        try {
                            record(sent, http.send(post(body), HttpResponse.BodyHandlers.discarding()), null);
                        } catch (IOException e) {
                            record(sent, null, e);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
            }
        };
    }

    private void send() {
        if (!outstanding.tryAcquire()) {
            skipped.incrementAndGet();
            return;
        }
        byte[] body = requests.next(spansPerRequest, Instant.now());
        long sent = System.nanoTime();
        http.sendAsync(post(body), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            outstanding.release();
            record(sent, response, error);
        });
    }

    private HttpRequest post(byte[] body) {
        return HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private void record(long sentNanos, HttpResponse<?> response, Throwable error) {
        latenciesNanos.add(System.nanoTime() - sentNanos);
        if (error != null) {
            failed.incrementAndGet();
        } else if (response.statusCode() == 200) {
            ok.incrementAndGet();
        } else if (response.statusCode() == 503) {
            refused.incrementAndGet();
        } else {
            failed.incrementAndGet();
        }
    }

    private String sample(long elapsedSeconds) {
        List<Long> window;
        synchronized (latenciesNanos) {
            window = new ArrayList<>(latenciesNanos);
            latenciesNanos.clear();
        }
        Collections.sort(window);
        return String.format(Locale.ROOT, "%d,%.1f,%.3f,%d,%d,%d,%d,%.1f,%.1f,%s", elapsedSeconds, probe.rssMib(),
                probe.gcPauseSeconds(), ok.get(), refused.get(), failed.get(), skipped.get(), percentile(window, 0.50),
                percentile(window, 0.99), ServiceProbe.loadAverage());
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got: " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("usage: bench/run soak --endpoint URL --metrics URL --pid PID"
                    + " [--rate SPANS_PER_S|max] [--clients N] [--minutes M] [--interval S] [--spans-per-request N] [--csv FILE];"
                    + " missing --" + name);
        }
        return value;
    }
}
