package org.llmobservatory.examples;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.config.DatabaseUrl;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.embedded.EmbeddedCache;
import org.llmobservatory.storage.embedded.EmbeddedDatabase;
import org.llmobservatory.storage.http.HealthServer;
import org.llmobservatory.storage.metrics.StorageMetrics;
import org.llmobservatory.storage.model.LogRecord;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.SpanKind;
import org.llmobservatory.storage.model.StatusCode;
import org.llmobservatory.storage.repository.LogQuery;
import org.llmobservatory.storage.repository.TimeRange;
import org.llmobservatory.storage.repository.TraceQuery;
import org.llmobservatory.storage.repository.UsageDimension;
import org.llmobservatory.storage.repository.UsageQuery;

/**
 * The storage library used the way the monitoring guide describes: storage opened with its metrics on a
 * Prometheus registry, a health server, spans and logs written through the storage's writers (a large batch by
 * COPY, a small one by INSERT) and priced by the library, queries through its repositories, then {@code /health}
 * and {@code /metrics} fetched and printed. It starts an embedded
 * PostgreSQL and Redis (observatory-storage-embedded) in a temporary directory, points the storage
 * configuration at them, and removes the directory at the end; with servers of your own, configure their
 * addresses instead.
 */
public final class MonitoringExample {

    private MonitoringExample() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("observatory-example-");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        StorageMetrics metrics = new StorageMetrics(registry);
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("postgres"), 0);
                EmbeddedCache cache = EmbeddedCache.start(0, dataDir.resolve("redis"))) {
            StorageConfig config = StorageConfig.builder()
                    .database(DatabaseUrl.parse(database.jdbcUrl()))
                    .user(EmbeddedDatabase.USER)
                    .password(database.password())
                    .redis(new RedisTarget.External(cache.url()))
                    .build();
            run(config, registry, metrics);
        } finally {
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(StorageConfig config, PrometheusMeterRegistry registry, StorageMetrics metrics)
            throws Exception {
        try (Storage storage = Storage.open(config, metrics.observers());
                HealthServer health = HealthServer.start(HealthServer.Settings.of("127.0.0.1", 0), storage,
                        registry)) {
            System.out.println("health server on " + health.url());

            String project = "example";
            Instant now = Instant.now();
            // One way to write: the storage's own writers, which report to the metrics given to Storage.open. The
            // writer picks COPY for the large batch and INSERT for the small one (WriteMethod.AUTO); the spans carry
            // no cost, so the library prices them from the model price table.
            var copied = storage.traces().writeAll(calls(project, 500, now));
            storage.traces().flush().get(30, TimeUnit.SECONDS);
            var inserted = storage.traces().writeAll(calls(project, 20, now));
            var logged = storage.logs().writeAll(List.of(
                    LogRecord.of(project, now, 9, "INFO", "agent started", "support-bot", null, null, null, null),
                    LogRecord.of(project, now, 17, "ERROR", "tool get_order timed out", "support-bot", null, null,
                            null, null)));
            storage.traces().flush().get(30, TimeUnit.SECONDS);
            storage.logs().flush().get(30, TimeUnit.SECONDS);
            System.out.printf("written: %d spans in a batch of 500, %d in a batch of 20, %d logs%n",
                    copied.get(30, TimeUnit.SECONDS).committed(), inserted.get(30, TimeUnit.SECONDS).committed(),
                    logged.get(30, TimeUnit.SECONDS).committed());

            TimeRange lastHour = TimeRange.of(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)));
            var traces = storage.traceRepository();
            var logs = storage.logRepository();
            System.out.println("traces on the first page: "
                    + traces.listTraces(TraceQuery.builder(project, lastHour).build()).items().size());
            traces.usage(UsageQuery.of(project, lastHour, UsageDimension.MODEL)).forEach(row -> System.out.printf(
                    "usage %-18s requests=%d errors=%d tokens=%d cost=$%s p95=%.0f ms%n", row.key(), row.requests(),
                    row.errors(), row.totalTokens(), row.costUsd().stripTrailingZeros().toPlainString(),
                    row.p95LatencyMs()));
            System.out.println("error logs: " + logs.search(LogQuery.of(project, lastHour).withMinSeverity(17))
                    .items().size());

            HttpClient http = HttpClient.newHttpClient();
            System.out.println("\nGET /health\n" + get(http, health.url() + "/health"));
            System.out.println("\nGET /metrics (storage_ families, buckets left out)");
            get(http, health.url() + "/metrics").lines()
                    .filter(l -> l.startsWith("storage_") && !l.contains("_bucket"))
                    .forEach(System.out::println);
        }
    }

    private static List<Span> calls(String project, int count, Instant start) {
        String[][] models = {{"openai", "gpt-4o"}, {"anthropic", "claude-sonnet-4-5"}, {"openai", "gpt-4o-mini"}};
        List<Span> spans = new ArrayList<>(count);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < count; i++) {
            String[] model = models[i % models.length];
            long in = 300 + random.nextInt(2_000);
            long out = 50 + random.nextInt(500);
            Instant t = start.minusMillis(random.nextInt(600_000));
            spans.add(Span.builder().projectId(project).traceId(hex(16)).spanId(hex(8)).name("chat " + model[1])
                    .kind(SpanKind.CLIENT).serviceName("support-bot").startTime(t)
                    .endTime(t.plusMillis(400 + random.nextInt(3_000)))
                    .statusCode(i % 25 == 0 ? StatusCode.ERROR : StatusCode.OK)
                    .provider(model[0]).model(model[1]).operation("chat")
                    .inputTokens(in).outputTokens(out).totalTokens(in + out).build());
        }
        return spans;
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
