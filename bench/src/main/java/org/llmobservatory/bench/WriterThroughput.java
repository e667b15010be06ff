package org.llmobservatory.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.llmobservatory.storage.config.WriteMethod;
import org.llmobservatory.storage.config.WriterSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.llmobservatory.storage.embedded.EmbeddedDatabase;
import org.llmobservatory.storage.metrics.StorageMetrics;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.schema.Migrations;
import org.llmobservatory.storage.schema.PartitionManager;
import org.llmobservatory.storage.writer.TraceWriter;
import org.llmobservatory.storage.writer.WriteObserver;
import org.llmobservatory.storage.writer.WriteOutcome;

/**
 * Spans per second from Java span objects to committed rows, through binary COPY and through
 * multi-row INSERT, and through COPY with {@link StorageMetrics} observing, on a private embedded
 * PostgreSQL. Runs alternate between the variants and the median of each is reported, with ratios
 * measured in the same run.
 */
public final class WriterThroughput {

    private WriterThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int spans = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("observatory-bench-");
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(dir.resolve("postgres"), 0);
                StoragePool pool = StoragePool.open(new StoragePool.Settings(pg.jdbcUrl(), EmbeddedDatabase.USER, "",
                        8, Duration.ofSeconds(30), Duration.ofMinutes(5), null))) {
            new Migrations(pool.dataSource()).apply();
            PartitionManager partitions = new PartitionManager(pool.dataSource());
            System.out.printf(Locale.ROOT, "writer throughput: %d spans per run, %d runs per method, %d cores%n",
                    spans, runs, Runtime.getRuntime().availableProcessors());
            StorageMetrics metrics = new StorageMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            List<Double> copy = new ArrayList<>();
            List<Double> instrumented = new ArrayList<>();
            List<Double> insert = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                copy.add(measure(pool, partitions, WriteMethod.COPY, WriteObserver.NONE, spans, run));
                instrumented.add(measure(pool, partitions, WriteMethod.COPY, metrics, spans, run));
                insert.add(measure(pool, partitions, WriteMethod.INSERT, WriteObserver.NONE, spans, run));
            }
            double copyMedian = median(copy);
            double instrumentedMedian = median(instrumented);
            double insertMedian = median(insert);
            System.out.printf(Locale.ROOT, "| variant | runs (spans/s) | median spans/s |%n|---|---|---|%n");
            System.out.printf(Locale.ROOT, "| COPY | %s | %.0f |%n", list(copy), copyMedian);
            System.out.printf(Locale.ROOT, "| COPY, instrumented | %s | %.0f |%n", list(instrumented),
                    instrumentedMedian);
            System.out.printf(Locale.ROOT, "| INSERT | %s | %.0f |%n", list(insert), insertMedian);
            System.out.printf(Locale.ROOT, "COPY / INSERT = %.2f; instrumented / bare COPY = %.3f%n",
                    copyMedian / insertMedian, instrumentedMedian / copyMedian);
        }
    }

    private static double measure(StoragePool pool, PartitionManager partitions, WriteMethod method,
            WriteObserver observer, int count, int run) throws Exception {
        String variant = method.name().toLowerCase(Locale.ROOT) + (observer == WriteObserver.NONE ? "" : "+metrics");
        List<Span> data = new SyntheticSpans(variant.hashCode() * 31L + run, variant + run)
                .generate(count, Instant.now().minusSeconds(3600), 3_600_000);
        WriterSettings settings = WriterSettings.DEFAULTS.withMethod(method).withBatchSize(2_000)
                .withBufferCapacity(count).withFlushInterval(Duration.ofMillis(50));
        long started = System.nanoTime();
        try (TraceWriter writer = new TraceWriter(pool, partitions, settings, observer)) {
            List<CompletableFuture<WriteOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < count; i += 512) {
                futures.add(writer.writeAll(data.subList(i, Math.min(count, i + 512))));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double rate = count / seconds;
        System.out.printf(Locale.ROOT, "  run %d %-12s %,d spans in %.2f s = %,.0f spans/s%n", run + 1, variant,
                count, seconds, rate);
        return rate;
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String list(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
    }
}
