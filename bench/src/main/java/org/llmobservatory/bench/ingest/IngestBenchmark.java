package org.llmobservatory.bench.ingest;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.llmobservatory.bench.AgentTraces;
import org.llmobservatory.bench.IngestedSpans;
import org.llmobservatory.bench.report.Figure;
import org.llmobservatory.bench.report.FigureFile;
import org.llmobservatory.bench.report.MachineLoad;
import org.llmobservatory.bench.report.Scale;
import org.llmobservatory.storage.config.WriteMethod;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.metrics.StorageMetrics;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.writer.WriteObserver;

/**
 * The ingest section: spans per second into the same empty, indexed {@code spans} table by PostgreSQL's
 * own bulk load (the baseline), by the trace writer (COPY, COPY with metrics, INSERT) and end to end
 * through the running service over OTLP/HTTP protobuf, OTLP/gRPC and OTLP/HTTP JSON (8 clients, 512
 * spans a request). All variants alternate within each run; ratios are between medians of one run. Then what a
 * request refused for a full buffer costs in CPU, against decoding and mapping it (RefusalCost).
 */
public final class IngestBenchmark {

    public static final String SECTION = "ingest";
    public static final String PSQL = "psql \\copy (CSV file), the baseline";
    public static final String PSQL_PRIMARY_KEY_ONLY = "psql \\copy, primary key the only index (profile)";
    public static final String BINARY_COPY = "pgjdbc binary COPY of pre-encoded rows";
    public static final String WRITER_COPY = "writer, COPY";
    public static final String WRITER_METRICS = "writer, COPY, instrumented";
    public static final String WRITER_NO_ROLLUPS = "writer, COPY, without usage rollups";
    public static final String ROLLUP_COST = "writer COPY with / without usage rollups";
    public static final String WRITER_INSERT = "writer, INSERT";
    public static final String COPY_OVER_INSERT = "writer COPY / writer INSERT";
    public static final String OTLP_HTTP = "OTLP/HTTP protobuf, 8 clients";
    public static final String OTLP_GRPC = "OTLP/gRPC, 8 clients";
    public static final String OTLP_JSON = "OTLP/HTTP JSON, 8 clients";
    public static final String JSON_OVER_PROTOBUF = "OTLP/HTTP JSON / OTLP/HTTP protobuf, 8 clients";
    static final int CLIENTS = 8;
    private static final String SPANS_PER_S = "spans/s";

    private IngestBenchmark() {
    }

    public static void run(Path outDir, Scale scale) throws Exception {
        List<Span> spans = IngestedSpans.of(AgentTraces.hourBefore(Instant.now(), 7, scale.spans()));
        Path work = Files.createTempDirectory("observatory-ingest-");
        System.out.printf(Locale.ROOT, "ingest: %,d spans per variant, %d runs%n", spans.size(), scale.runs());
        VariantRuns runs;
        List<Figure> refusals;
        try (IngestTarget target = IngestTarget.start()) {
            runs = VariantRuns.measure(target, variants(target, spans, work), scale.runs());
            OtlpBodies one = OtlpBodies.protobuf(1, OtlpBodies.SPANS_PER_REQUEST, 5);
            refusals = RefusalCost.measure(SECTION, target, one.perClient().get(0).get(0), scale.runs());
        } finally {
            Files.deleteIfExists(work.resolve("spans.csv"));
            Files.deleteIfExists(work);
        }
        List<Figure> figures = new ArrayList<>(figures(runs, spans.size()));
        figures.addAll(refusals);
        FigureFile.append(outDir.resolve(SECTION + ".tsv"), figures);
    }

    private static List<VariantRuns.Variant> variants(IngestTarget target, List<Span> spans, Path work)
            throws Exception {
        CopyBaseline baseline = CopyBaseline.prepare(target, spans, work);
        OtlpBodies protobuf = OtlpBodies.protobuf(CLIENTS, spans.size(), 1);
        OtlpBodies json = protobuf.json();
        List<List<ExportTraceServiceRequest>> messages = protobuf.messages();
        StorageMetrics metrics = new StorageMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        WriterSettings copy = WriterLoad.settings(spans.size(), 0).withMethod(WriteMethod.COPY);
        WriterSettings insert = copy.withMethod(WriteMethod.INSERT);
        int n = spans.size();
        return List.of(
                new VariantRuns.Variant(PSQL, n, baseline::psqlCopy),
                new VariantRuns.Variant(PSQL_PRIMARY_KEY_ONLY, n, baseline::psqlCopyPrimaryKeyOnly),
                new VariantRuns.Variant(BINARY_COPY, n, baseline::binaryCopy),
                new VariantRuns.Variant(WRITER_COPY, n, () -> WriterLoad.seconds(target, spans, copy, WriteObserver.NONE)),
                new VariantRuns.Variant(WRITER_METRICS, n, () -> WriterLoad.seconds(target, spans, copy, metrics)),
                new VariantRuns.Variant(WRITER_NO_ROLLUPS, n, () -> WriterLoad.seconds(target, spans, copy,
                        WriteObserver.NONE, false)),
                new VariantRuns.Variant(WRITER_INSERT, n, () -> WriterLoad.seconds(target, spans, insert,
                        WriteObserver.NONE)),
                new VariantRuns.Variant(OTLP_HTTP, protobuf.spans(), () -> OtlpClients.http(target.otlpHttp(),
                        "application/x-protobuf", protobuf)),
                new VariantRuns.Variant(OTLP_GRPC, protobuf.spans(), () -> OtlpClients.grpc(target.otlpGrpcPort(),
                        messages)),
                new VariantRuns.Variant(OTLP_JSON, json.spans(), () -> OtlpClients.http(target.otlpHttp(),
                        "application/json", json)));
    }

    private static List<Figure> figures(VariantRuns runs, int spans) {
        double psql = runs.rates(PSQL).median();
        double copy = runs.rates(WRITER_COPY).median();
        double insert = runs.rates(WRITER_INSERT).median();
        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.info(SECTION, PSQL, psql, SPANS_PER_S, String.format(Locale.ROOT,
                "%,d spans per run; %s; load average %s", spans, runs.note(PSQL), MachineLoad.now())));
        figures.add(versus(runs, PSQL_PRIMARY_KEY_ONLY, psql, "", Double.NaN));
        figures.add(versus(runs, BINARY_COPY, psql, "", Double.NaN));
        figures.add(versus(runs, WRITER_COPY, psql, ">= 0.9 x psql \\copy", 0.9));
        figures.add(versus(runs, WRITER_METRICS, copy, ">= 0.99 x writer COPY", 0.99));
        figures.add(Figure.info(SECTION, WRITER_NO_ROLLUPS, runs.rates(WRITER_NO_ROLLUPS).median(), SPANS_PER_S,
                runs.note(WRITER_NO_ROLLUPS)));
        double withoutRollups = runs.rates(WRITER_NO_ROLLUPS).median();
        figures.add(new Figure(SECTION, ROLLUP_COST, copy / withoutRollups, "x",
                ">= 0.95", Double.NaN, copy / withoutRollups >= 0.95, "medians of the same run"));
        figures.add(versus(runs, WRITER_INSERT, psql, "", Double.NaN));
        figures.add(Figure.info(SECTION, COPY_OVER_INSERT, copy / insert, "x", "medians of the same run"));
        figures.add(versus(runs, OTLP_HTTP, psql, ">= 0.7 x psql \\copy", 0.7));
        figures.add(versus(runs, OTLP_GRPC, psql, ">= 0.7 x psql \\copy", 0.7));
        figures.add(versus(runs, OTLP_JSON, psql, "", Double.NaN));
        double json = runs.rates(OTLP_JSON).median() / runs.rates(OTLP_HTTP).median();
        figures.add(new Figure(SECTION, JSON_OVER_PROTOBUF, json, "x", ">= 0.9", Double.NaN, json >= 0.9,
                "medians of the same run"));
        return figures.stream().map(VariantRuns::missedIfUnmeasured).toList();
    }

    /** A variant's median and its ratio to {@code base}; met when the ratio reaches {@code least} (if any). */
    private static Figure versus(VariantRuns runs, String variant, double base, String target, double least) {
        double median = runs.rates(variant).median();
        double ratio = median / base;
        Boolean met = Double.isNaN(least) ? null : ratio >= least;
        return new Figure(SECTION, variant, median, SPANS_PER_S, target, ratio, met, runs.note(variant));
    }
}
