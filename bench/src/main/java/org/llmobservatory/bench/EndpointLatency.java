package org.llmobservatory.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.llmobservatory.bench.report.Figure;
import org.llmobservatory.bench.report.FigureFile;
import org.llmobservatory.bench.report.MachineLoad;
import org.llmobservatory.bench.report.Plot;
import org.llmobservatory.bench.report.Scale;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.service.ObservatoryService;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.StorageConfig;

/**
 * Latency of the operator endpoints over real HTTP: a running {@link ObservatoryService} (embedded
 * PostgreSQL, no Redis) first gets OTLP traffic and requests on every query API route and status, so its
 * scrape has the series of real use; then sequential {@code GET /metrics} and {@code GET /health} are
 * timed, each response read to the end. The scrape is timed twice: as curl asks for it (Prometheus text,
 * uncompressed) and as Prometheus does (OpenMetrics, gzip accepted). Writes {@code endpoints.tsv} and
 * {@code endpoint-latency.png}.
 */
public final class EndpointLatency {

    static final String SECTION = "endpoints";
    static final String PLOT = "endpoint-latency.png";
    static final String SCRAPE = "/metrics scrape";
    static final String PROMETHEUS_SCRAPE = "/metrics scrape, OpenMetrics gzip";
    /** What Prometheus 2 and 3 send by default when scraping a target. */
    private static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0;q=0.5,"
            + "application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2";
    static final String HEALTH = "/health";

    private EndpointLatency() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parse(args, "bench-out");
        run(line.out(), line.scale());
    }

    /** Starts a service, warms it with traffic, times both endpoints, writes figures and plot into {@code outDir}. */
    public static void run(Path outDir, Scale scale) throws Exception {
        int requests = scale.pick(150, 2_000);
        int warmup = scale.pick(20, 300);
        Path dataDir = Files.createTempDirectory("observatory-endpoints-");
        StorageConfig storage = StorageConfig.builder().dataDir(dataDir).redis(new RedisTarget.Disabled()).build();
        ObservatoryService service = ObservatoryService.start(ServerConfig.ephemeral(), storage);
        List<Figure> figures = new ArrayList<>();
        Latencies scrape;
        Latencies prometheus;
        Latencies health;
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            RouteTraffic traffic = new RouteTraffic(http, service);
            int spans = traffic.ingest(scale.pick(4, 40));
            for (int round = 0; round < scale.pick(2, 5); round++) {
                traffic.everyRoute();
            }
            URI metrics = URI.create(service.managementUrl() + "/metrics");
            URI healthUri = URI.create(service.managementUrl() + "/health");
            byte[] sample = fetch(http, get(metrics));
            long series = new String(sample, StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
            String note = String.format(Locale.ROOT, "%d sequential GETs after %d warm-up, HTTP/1.1 keep-alive,"
                    + " after %,d OTLP spans and %s responses by status", requests, warmup, spans, traffic.statuses());
            HttpRequest asPrometheus = get(metrics).header("Accept", PROMETHEUS_ACCEPT)
                    .header("Accept-Encoding", "gzip").build();
            scrape = Latencies.measure(warmup, requests, i -> fetch(http, get(metrics)));
            String scrapeLoad = MachineLoad.described();
            prometheus = Latencies.measure(warmup, requests, i -> fetch(http, asPrometheus));
            String prometheusLoad = MachineLoad.described();
            health = Latencies.measure(warmup, requests, i -> fetch(http, get(healthUri)));
            figures.addAll(endpointFigures(SCRAPE, scrape, "<= 10 ms", 10, scale, note + ", " + scrapeLoad));
            figures.addAll(endpointFigures(PROMETHEUS_SCRAPE, prometheus, "<= 10 ms", 10, scale, note + ", "
                    + prometheusLoad + "; Accept and Accept-Encoding as Prometheus sends them"));
            figures.addAll(endpointFigures(HEALTH, health, "<= 5 ms", 5, scale, note + ", " + MachineLoad.described()));
            figures.add(Figure.info(SECTION, "/metrics scrape size", sample.length, "bytes",
                    series + " samples in one scrape"));
        } finally {
            service.stop();
            QueryBenchmark.deleteTree(dataDir);
        }
        figures.forEach(System.out::println);
        Path tsv = outDir.resolve(SECTION + ".tsv");
        Files.deleteIfExists(tsv);
        FigureFile.append(tsv, figures);
        Plot.lines("Operator endpoint latency by percentile, sequential GETs", "percentile", "milliseconds")
                .logY().legendBelow()
                .series(SCRAPE, PERCENTILES, atPercentiles(scrape))
                .series(PROMETHEUS_SCRAPE, PERCENTILES, atPercentiles(prometheus))
                .series(HEALTH, PERCENTILES, atPercentiles(health))
                .save(outDir.resolve(PLOT));
    }

    private static final double[] PERCENTILES = {50, 75, 90, 95, 99, 99.9, 100};

    static String figureName(String endpoint, String percentile) {
        return endpoint + " " + percentile;
    }

    private static List<Figure> endpointFigures(String endpoint, Latencies timings, String target,
            double targetMillis, Scale scale, String note) {
        double p99 = timings.percentile(0.99);
        // Targets hold at full scale only: a smoke run's few hundred requests make a p99 of a handful.
        Figure p99Figure = scale == Scale.FULL
                ? new Figure(SECTION, figureName(endpoint, "p99"), p99, "ms", target, Double.NaN, p99 <= targetMillis,
                        note)
                : Figure.info(SECTION, figureName(endpoint, "p99"), p99, "ms", note);
        return List.of(Figure.info(SECTION, figureName(endpoint, "p50"), timings.percentile(0.5), "ms", note),
                Figure.info(SECTION, figureName(endpoint, "p95"), timings.percentile(0.95), "ms", note),
                p99Figure);
    }

    private static double[] atPercentiles(Latencies timings) {
        double[] out = new double[PERCENTILES.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = timings.percentile(PERCENTILES[i] / 100);
        }
        return out;
    }

    private static HttpRequest.Builder get(URI uri) {
        return HttpRequest.newBuilder(uri).GET();
    }

    private static byte[] fetch(HttpClient http, HttpRequest.Builder request) {
        return fetch(http, request.build());
    }

    private static byte[] fetch(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
