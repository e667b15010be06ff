package org.llmobservatory.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.llmobservatory.bench.report.Figure;
import org.llmobservatory.bench.report.FigureFile;
import org.llmobservatory.bench.report.MachineLoad;
import org.llmobservatory.bench.report.Plot;
import org.llmobservatory.bench.report.Scale;
import org.llmobservatory.server.service.LocalServers;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.Retention;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.config.WriteMethod;
import org.llmobservatory.storage.config.WriterSettings;

/**
 * Query latency as the store grows: loads agent traces spread over the last 30 days into one embedded
 * PostgreSQL in steps (1M, 3M, 10M spans at full scale; 10k and 25k at smoke scale) and after each step
 * times the queries of {@link StoreQueries} through the storage layer's own repository, with the
 * database's and the service's default settings. Writes {@code queries.tsv} and
 * {@code query-latency-p95.png} into the output directory.
 */
public final class QueryBenchmark {

    static final String SECTION = "queries";
    static final String PLOT = "query-latency-p95.png";
    static final int DAYS = 30;
    static final long[] FULL_SIZES = {1_000_000, 3_000_000, 10_000_000};
    static final long[] SMOKE_SIZES = {10_000, 25_000};

    private QueryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parse(args, "bench-out");
        run(line.out(), line.scale(), line.keep());
    }

    /** Measures every size of the scale and writes the figures and the plot into {@code outDir}. */
    public static void run(Path outDir, Scale scale) throws Exception {
        run(outDir, scale, null);
    }

    /**
     * As {@link #run(Path, Scale)}; when {@code keep} is not null the database is loaded there and left
     * in place (start the service with {@code OBSERVATORY_DATA_DIR} set to it to look at the plans).
     */
    static void run(Path outDir, Scale scale, Path keep) throws Exception {
        long[] sizes = scale.pick(SMOKE_SIZES, FULL_SIZES);
        Path dataDir = keep != null ? keep : Files.createTempDirectory("observatory-queries-");
        if (keep != null && Files.exists(keep.resolve("postgres"))) {
            throw new IllegalArgumentException(keep + " already holds a database; --keep needs a new directory");
        }
        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant start = end.minus(Duration.ofDays(DAYS));
        List<Figure> figures = new ArrayList<>();
        List<StoreQueries.TimedQuery> queries = null;
        double[][] p95 = null;
        System.out.printf(Locale.ROOT, "query latency: spans from %s to %s, sizes %s, database in %s%n", start, end,
                Arrays.toString(sizes), dataDir);
        StorageConfig config = config(dataDir);
        try (LocalServers local = LocalServers.start(config);
                Storage storage = Storage.open(local.applyTo(config))) {
            SpanLoader loader = new SpanLoader(storage);
            long stored = 0;
            for (int step = 0; step < sizes.length; step++) {
                SpanLoader.Step load = loader.add(sizes[step] - stored, start, end, 1_000L + step);
                stored += load.spans();
                long folding = System.nanoTime();
                long deltas = storage.foldRollups();
                figures.add(loadFigure(stored, load, deltas, (System.nanoTime() - folding) / 1e9));
                System.out.println(figures.get(figures.size() - 1));
                SpanFootprint.Sizes footprint = SpanFootprint.measure(storage);
                figures.add(Figure.info(SECTION, footprintName(stored), footprint.bytesPerSpan(), "B",
                        String.format(Locale.ROOT, "spans partitions: %,d MiB of heap with TOAST and %,d MiB of"
                                + " indexes for %,d spans", footprint.heapBytes() >> 20,
                                footprint.indexBytes() >> 20, footprint.spans())));
                System.out.println(figures.get(figures.size() - 1));
                queries = StoreQueries.of(storage.traceRepository(), end, DAYS, loader.sample(), scale);
                if (p95 == null) {
                    p95 = new double[queries.size()][sizes.length];
                }
                boolean targeted = scale == Scale.FULL && step == sizes.length - 1;
                double error = RollupAccuracy.worstRelativeError(storage, AgentTraces.PROJECT,
                        end.minus(Duration.ofDays(DAYS)), end);
                figures.add(new Figure(SECTION, accuracyName(sizes[step]), error * 100, "%", "<= 1 %", Double.NaN,
                        error <= 0.01, "worst of p50, p95 and p99 over every model, usage by model over " + DAYS
                                + " days from the rollups against percentile_disc over the same spans"));
                System.out.println(figures.get(figures.size() - 1));
                for (int q = 0; q < queries.size(); q++) {
                    StoreQueries.TimedQuery query = queries.get(q);
                    Latencies timings = Latencies.measure(query.warmup(), query.runs(), query.run());
                    p95[q][step] = timings.percentile(0.95);
                    for (Figure f : queryFigures(query, sizes[step], stored, timings, targeted)) {
                        figures.add(f);
                        System.out.println(f);
                    }
                }
                if (step == sizes.length - 1) {
                    for (Figure f : UiRender.measure(storage, end, sizes[step], scale, targeted)) {
                        figures.add(f);
                        System.out.println(f);
                    }
                }
            }
        } finally {
            if (keep == null) {
                deleteTree(dataDir);
            }
        }
        Path tsv = outDir.resolve(SECTION + ".tsv");
        Files.deleteIfExists(tsv);
        FigureFile.append(tsv, figures);
        Plot chart = Plot.lines("Query latency (p95) vs stored spans, " + DAYS + " days of data",
                "stored spans (millions)", "milliseconds").logY().legendBelow();
        double[] millions = new double[sizes.length];
        for (int s = 0; s < sizes.length; s++) {
            millions[s] = sizes[s] / 1e6;
        }
        for (int q = 0; q < queries.size(); q++) {
            chart.series(queries.get(q).label(), millions, p95[q]);
        }
        chart.save(outDir.resolve(PLOT));
    }

    /** The name of a query's figure at one size, such as {@code one trace tree p95 @ 1,000,000 spans}. */
    static String figureName(String label, String percentile, long size) {
        return String.format(Locale.ROOT, "%s %s @ %,d spans", label, percentile, size);
    }

    static String accuracyName(long size) {
        return String.format(Locale.ROOT, "rollup percentiles, worst relative error @ %,d spans", size);
    }

    static String footprintName(long spans) {
        return String.format(Locale.ROOT, "bytes per span on disk @ %,d spans", spans);
    }

    static String loadName(long size) {
        return String.format(Locale.ROOT, "load to %,d spans", size);
    }

    private static List<Figure> queryFigures(StoreQueries.TimedQuery query, long size, long stored,
            Latencies timings, boolean targeted) {
        String note = String.format(Locale.ROOT, "%d runs after %d warm-up, %,d spans stored, TraceRepository, %s",
                timings.count(), query.warmup(), stored, MachineLoad.described());
        double p95 = timings.percentile(0.95);
        Figure p95Figure = targeted
                ? new Figure(SECTION, figureName(query.label(), "p95", size), p95, "ms", query.target(), Double.NaN,
                        p95 <= query.targetMillis(), note)
                : Figure.info(SECTION, figureName(query.label(), "p95", size), p95, "ms", note);
        return List.of(Figure.info(SECTION, figureName(query.label(), "p50", size), timings.percentile(0.5), "ms",
                note), p95Figure);
    }

    private static Figure loadFigure(long stored, SpanLoader.Step load, long deltas, double foldSeconds) {
        return Figure.info(SECTION, loadName(stored), load.seconds(), "s", String.format(Locale.ROOT,
                "+%,d spans by TraceWriter binary COPY in %.1f s (%,.0f spans/s), then ANALYZE %.1f s; then %,d usage"
                        + " deltas left to fold into the rollups, folded in %.1f s",
                load.spans(), load.writeSeconds(), load.spans() / load.writeSeconds(), load.analyzeSeconds(), deltas,
                foldSeconds));
    }

    private static StorageConfig config(Path dataDir) {
        // The default writer, with large batches and room for the loader's chunks; retention longer than
        // the data so that maintenance never drops the oldest day mid-run.
        WriterSettings writer = WriterSettings.DEFAULTS.withMethod(WriteMethod.COPY).withBatchSize(10_000)
                .withBufferCapacity(200_000);
        Duration keep = Duration.ofDays(DAYS + 30);
        return StorageConfig.builder().dataDir(dataDir).redis(new RedisTarget.Disabled()).writer(writer)
                .retention(Retention.of(keep)).build();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
