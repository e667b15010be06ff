package org.llmobservatory.bench.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.llmobservatory.bench.SyntheticSpans;
import org.llmobservatory.bench.report.Figure;
import org.llmobservatory.bench.report.FigureFile;
import org.llmobservatory.bench.report.Plot;
import org.llmobservatory.bench.report.Scale;
import org.llmobservatory.storage.config.WriteMethod;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.writer.WriteObserver;

/**
 * The ingest curves: the writer's spans per second against its batch size, through COPY and through
 * INSERT (alternating at every size), and OTLP/HTTP protobuf against the number of concurrent clients.
 * Each point is a median over the scale's runs; the plots go beside the figures.
 */
public final class IngestCurves {

    public static final String SECTION = "curves";
    public static final List<Integer> BATCH_SIZES = List.of(250, 500, 1_000, 2_000, 5_000, 10_000);
    public static final List<Integer> CLIENTS = List.of(1, 2, 4, 8, 16);
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

    public static void run(Path outDir, Scale scale) throws Exception {
        List<Span> spans = new SyntheticSpans(11, "curves").generate(scale.curveSpans(),
                Instant.now().minusSeconds(3_600), 3_600_000);
        System.out.printf(Locale.ROOT, "curves: %,d spans per point, %d runs%n", spans.size(), scale.runs());
        VariantRuns runs;
        try (IngestTarget target = IngestTarget.start()) {
            runs = VariantRuns.measure(target, variants(target, spans), scale.runs());
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
            figures.add(point(runs, clientsAt(clients)));
        }
        FigureFile.append(outDir.resolve(SECTION + ".tsv"), figures);
        plots(outDir, copy, insert, otlp);
    }

    private static List<VariantRuns.Variant> variants(IngestTarget target, List<Span> spans) {
        List<VariantRuns.Variant> variants = new ArrayList<>();
        for (int batch : BATCH_SIZES) {
            WriterSettings settings = WriterLoad.settings(spans.size(), batch);
            variants.add(new VariantRuns.Variant(copyAt(batch), spans.size(), () -> WriterLoad.seconds(target, spans,
                    settings.withMethod(WriteMethod.COPY), WriteObserver.NONE)));
            variants.add(new VariantRuns.Variant(insertAt(batch), spans.size(), () -> WriterLoad.seconds(target,
                    spans, settings.withMethod(WriteMethod.INSERT), WriteObserver.NONE)));
        }
        for (int clients : CLIENTS) {
            OtlpBodies bodies = OtlpBodies.protobuf(clients, spans.size(), 100 + clients);
            variants.add(new VariantRuns.Variant(clientsAt(clients), bodies.spans(), () -> OtlpClients.http(
                    target.otlpHttp(), "application/x-protobuf", bodies)));
        }
        return variants;
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
