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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench/run soak}: sends OTLP/HTTP protobuf spans to a running service at a fixed rate (open
 * loop: a slow answer does not slow the sending down) and every interval appends the service's RSS,
 * its GC pause seconds so far and the window's request latency p50/p99 to a CSV.
 */
public final class SoakDriver {

    private static final int MAX_OUTSTANDING = 512;

    private final URI endpoint;
    private final URI metrics;
    private final long pid;
    private final int spansPerRequest;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Semaphore outstanding = new Semaphore(MAX_OUTSTANDING);
    private final OtlpRequests requests = new OtlpRequests(System.nanoTime());
    private final List<Long> latenciesNanos = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    private SoakDriver(URI endpoint, URI metrics, long pid, int spansPerRequest) {
        this.endpoint = endpoint;
        this.metrics = metrics;
        this.pid = pid;
        this.spansPerRequest = spansPerRequest;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int rate = Integer.parseInt(options.getOrDefault("rate", "19000"));
        double minutes = Double.parseDouble(options.getOrDefault("minutes", "30"));
        int interval = Integer.parseInt(options.getOrDefault("interval", "30"));
        int spans = Integer.parseInt(options.getOrDefault("spans-per-request", "512"));
        String endpoint = required(options, "endpoint");
        SoakDriver driver = new SoakDriver(URI.create(endpoint.replaceAll("/+$", "") + "/v1/traces"),
                URI.create(required(options, "metrics")), Long.parseLong(required(options, "pid")), spans);
        driver.run(rate, Duration.ofMillis((long) (minutes * 60_000)), Duration.ofSeconds(interval),
                Path.of(options.getOrDefault("csv", "soak.csv")));
    }

    private void run(int spansPerSecond, Duration duration, Duration interval, Path csv) throws Exception {
        long periodNanos = (long) (1e9 * spansPerRequest / spansPerSecond);
        System.out.printf(Locale.ROOT, "soak: %d spans/s (%d-span requests every %.1f ms) for %s to %s%n",
                spansPerSecond, spansPerRequest, periodNanos / 1e6, duration, endpoint);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
            out.println("elapsed_s,rss_mib,gc_pause_seconds_total,requests_ok,requests_503,requests_failed,"
                    + "requests_skipped,p50_ms,p99_ms,load_avg_1m");
            out.flush();
            long started = System.nanoTime();
            ticker.scheduleAtFixedRate(this::send, 0, periodNanos, TimeUnit.NANOSECONDS);
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
            ticker.shutdownNow();
        }
        System.out.printf("soak: %d answered 200, %d answered 503, %d failed, %d not sent (%d already waiting)%n",
                ok.get(), refused.get(), failed.get(), skipped.get(), MAX_OUTSTANDING);
    }

    private void send() {
        if (!outstanding.tryAcquire()) {
            skipped.incrementAndGet();
            return;
        }
        byte[] body = requests.request(spansPerRequest, Instant.now());
        long sent = System.nanoTime();
        http.sendAsync(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                    outstanding.release();
                    latenciesNanos.add(System.nanoTime() - sent);
                    if (error != null) {
                        failed.incrementAndGet();
                    } else if (response.statusCode() == 200) {
                        ok.incrementAndGet();
                    } else if (response.statusCode() == 503) {
                        refused.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                });
    }

    private String sample(long elapsedSeconds) {
        List<Long> window;
        synchronized (latenciesNanos) {
            window = new ArrayList<>(latenciesNanos);
            latenciesNanos.clear();
        }
        Collections.sort(window);
        return String.format(Locale.ROOT, "%d,%.1f,%.3f,%d,%d,%d,%d,%.1f,%.1f,%s", elapsedSeconds, rssMib(),
                gcPauseSeconds(), ok.get(), refused.get(), failed.get(), skipped.get(), percentile(window, 0.50),
                percentile(window, 0.99), loadAverage());
    }

    /** The machine's one-minute load average, so that a slow window can be told from a busy machine. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "NaN";
        }
    }

    private double rssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            // The service is gone: the row says so with -1.
        }
        return -1;
    }

    private double gcPauseSeconds() {
        try {
            String text = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return text.lines().filter(l -> l.startsWith("jvm_gc_pause_seconds_sum"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
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
                    + " [--rate SPANS_PER_S] [--minutes M] [--interval S] [--spans-per-request N] [--csv FILE];"
                    + " missing --" + name);
        }
        return value;
    }
}
