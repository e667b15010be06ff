package org.llmobservatory.bench.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.llmobservatory.bench.AgentTraces;
import org.llmobservatory.bench.IngestedSpans;
import org.llmobservatory.bench.report.Figure;
import org.llmobservatory.bench.report.FigureFile;
import org.llmobservatory.bench.report.Plot;
import org.llmobservatory.bench.report.Samples;
import org.llmobservatory.bench.report.Scale;
import org.llmobservatory.storage.config.WriteMethod;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.writer.WriteObserver;

/**
 * The ingest curves: the writer's spans per second against its batch size, through COPY and through
 * INSERT (alternating at every size), and OTLP/HTTP protobuf against the number of concurrent clients, with the
 * commits per second each load costs and what one client waits for each acknowledgement (requests of 512 spans,
 * and of 20 as a process that flushes often sends them). Each point is a median over the scale's runs; the plots
 * go beside the figures.
 */
public final class IngestCurves {

    public static final String SECTION = "curves";
    public static final List<Integer> BATCH_SIZES = List.of(250, 500, 1_000, 2_000, 5_000, 10_000);
    public static final List<Integer> CLIENTS = List.of(1, 2, 4, 8, 16);
    public static final String ONE_CLIENT_SMALL = "OTLP/HTTP protobuf, 1 client, 20 spans a request";
    public static final String ACK_512 = "1 client: mean acknowledgement of a 512-span request";
    public static final String ACK_20 = "1 client: mean acknowledgement of a 20-span request";
    static final int SMALL_REQUEST = 20;
    /**
     * The rates of 8 and 16 clients in the full report of 2026-12-02 04:22, the last before group commit (the writer
     * then waited 200 ms for a partial batch): group commit must not cost the loaded service more than 5% of them.
     */
    static final Map<Integer, Double> BEFORE_GROUP_COMMIT = Map.of(8, 33_377.0, 16, 36_915.0);
    public static final List<String> PLOTS = List.of("writer-batch-size.png", "copy-vs-insert.png",
            "otlp-clients.png");

    private IngestCurves() {
    }

    public static String copyAt(int batch) {
        return String.format(Locale.ROOT, "writer COPY, batch %,d", batch);
    }

    public static String insertAt(int batch) {
        return String.format(Locale.ROOT, "writer INSERT, batch %,d", batch);
    }

    public static String clientsAt(int clients) {
        return "OTLP/HTTP protobuf, " + clients + (clients == 1 ? " client" : " clients");
    }

    public static String commitsAt(String variant) {
        return variant + ": commits/s";
    }

    public static void run(Path outDir, Scale scale) throws Exception {
        List<Span> spans = IngestedSpans.of(AgentTraces.hourBefore(Instant.now(), 11, scale.curveSpans()));
        System.out.printf(Locale.ROOT, "curves: %,d spans per point, %d runs%n", spans.size(), scale.runs());
        VariantRuns runs;
        Map<String, Samples> commits = new LinkedHashMap<>();
        try (IngestTarget target = IngestTarget.start()) {
            runs = VariantRuns.measure(target, variants(target, spans, commits), scale.runs());
        }
        List<Figure> figures = new ArrayList<>();
        List<Double> copy = new ArrayList<>();
        List<Double> insert = new ArrayList<>();
        for (int batch : BATCH_SIZES) {
            copy.add(runs.rates(copyAt(batch)).median());
            insert.add(runs.rates(insertAt(batch)).median());
            figures.add(point(runs, copyAt(batch)));
            figures.add(point(runs, insertAt(batch)));
        }
        List<Double> otlp = new ArrayList<>();
        for (int clients : CLIENTS) {
            otlp.add(runs.rates(clientsAt(clients)).median());
            figures.add(clientsPoint(runs, clients));
            figures.add(commitsPoint(commits, clientsAt(clients)));
        }
        figures.add(point(runs, ONE_CLIENT_SMALL));
        figures.add(commitsPoint(commits, ONE_CLIENT_SMALL));
        figures.add(acknowledgement(runs, ACK_512, clientsAt(1), OtlpBodies.SPANS_PER_REQUEST, 25));
        figures.add(acknowledgement(runs, ACK_20, ONE_CLIENT_SMALL, SMALL_REQUEST, 10));
        FigureFile.append(outDir.resolve(SECTION + ".tsv"), figures);
        plots(outDir, copy, insert, otlp);
    }

    private static List<VariantRuns.Variant> variants(IngestTarget target, List<Span> spans,
            Map<String, Samples> commits) {
        List<VariantRuns.Variant> variants = new ArrayList<>();
        for (int batch : BATCH_SIZES) {
            WriterSettings settings = WriterLoad.settings(spans.size(), batch);
            variants.add(new VariantRuns.Variant(copyAt(batch), spans.size(), () -> WriterLoad.seconds(target, spans,
                    settings.withMethod(WriteMethod.COPY), WriteObserver.NONE)));
            variants.add(new VariantRuns.Variant(insertAt(batch), spans.size(), () -> WriterLoad.seconds(target,
                    spans, settings.withMethod(WriteMethod.INSERT), WriteObserver.NONE)));
        }
        for (int clients : CLIENTS) {
            variants.add(otlp(target, clientsAt(clients), OtlpBodies.protobuf(clients, spans.size(), 100 + clients),
                    commits));
        }
        // Fewer spans: 20-span requests are many more requests for the same spans.
        variants.add(otlp(target, ONE_CLIENT_SMALL, OtlpBodies.protobuf(1, spans.size() / 10, 99, SMALL_REQUEST),
                commits));
        return variants;
    }

    /** OTLP/HTTP protobuf clients sending {@code bodies}, noting the trace writer's commits per second of each run. */
    private static VariantRuns.Variant otlp(IngestTarget target, String name, OtlpBodies bodies,
            Map<String, Samples> commits) {
        commits.put(name, new Samples());
        return new VariantRuns.Variant(name, bodies.spans(), () -> {
            long before = target.traceCommits();
            double seconds = OtlpClients.http(target.otlpHttp(), "application/x-protobuf", bodies);
            commits.get(name).add((target.traceCommits() - before) / seconds);
            return seconds;
        });
    }

    /** Throughput at {@code clients}, held against its target where it has one. */
    private static Figure clientsPoint(VariantRuns runs, int clients) {
        String name = clientsAt(clients);
        double rate = runs.rates(name).median();
        if (clients == 1) {
            return VariantRuns.missedIfUnmeasured(new Figure(SECTION, name, rate, "spans/s", ">= 15,000", Double.NaN,
                    rate >= 15_000, runs.note(name)));
        }
        Double before = BEFORE_GROUP_COMMIT.get(clients);
        if (before == null) {
            return point(runs, name);
        }
        return VariantRuns.missedIfUnmeasured(new Figure(SECTION, name, rate, "spans/s",
                String.format(Locale.ROOT, ">= 0.95 x %,.0f (before group commit)", before), rate / before,
                rate / before >= 0.95, runs.note(name)));
    }

    private static Figure commitsPoint(Map<String, Samples> commits, String variant) {
        Samples samples = commits.get(variant);
        return Figure.info(SECTION, commitsAt(variant), samples.median(), "commits/s",
                "transactions of the trace writer; " + samples.describe() + " commits/s");
    }

    /** One client's mean wait per request: the request's spans over the client's spans per second. */
    private static Figure acknowledgement(VariantRuns runs, String name, String variant, int spansPerRequest,
            double mostMillis) {
        double millis = 1_000.0 * spansPerRequest / runs.rates(variant).median();
        return VariantRuns.missedIfUnmeasured(new Figure(SECTION, name, millis, "ms",
                String.format(Locale.ROOT, "<= %.0f ms", mostMillis), Double.NaN, millis <= mostMillis,
                "from the median rate of '" + variant + "': " + runs.note(variant)));
    }

    private static Figure point(VariantRuns runs, String variant) {
        return VariantRuns.missedIfUnmeasured(Figure.info(SECTION, variant, runs.rates(variant).median(), "spans/s",
                runs.note(variant)));
    }

    private static void plots(Path outDir, List<Double> copy, List<Double> insert, List<Double> otlp)
            throws IOException {
        Plot.lines("Writer COPY throughput by batch size", "batch size (spans)", "spans/s").logX()
                .series("COPY", BATCH_SIZES, copy).save(outDir.resolve(PLOTS.get(0)));
        Plot.lines("Writer COPY against INSERT by batch size", "batch size (spans)", "spans/s").logX()
                .series("COPY", BATCH_SIZES, copy).series("INSERT", BATCH_SIZES, insert)
                .save(outDir.resolve(PLOTS.get(1)));
        Plot.lines("OTLP/HTTP protobuf end to end by concurrent clients", "clients (512 spans a request)",
                "spans/s").logX().series("OTLP/HTTP protobuf", CLIENTS, otlp).save(outDir.resolve(PLOTS.get(2)));
    }
}
