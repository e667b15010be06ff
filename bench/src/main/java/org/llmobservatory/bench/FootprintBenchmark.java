package org.llmobservatory.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.llmobservatory.bench.report.Figure;
import org.llmobservatory.bench.report.FigureFile;
import org.llmobservatory.bench.report.MachineLoad;
import org.llmobservatory.bench.report.Scale;
import org.llmobservatory.server.service.LocalServers;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.Retention;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.config.WriteMethod;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.model.LogRecord;
import org.llmobservatory.storage.model.MetricPoint;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.StatusCode;
import org.llmobservatory.storage.pool.DirectConnections;
import org.llmobservatory.storage.writer.WriteOutcome;

/**
 * What a day of telemetry takes on disk, table by table: stores the agent traces of one day ({@link AgentTraces}, the
 * spans the query section loads) through the storage's own writers, with one log record for every model and tool call
 * (as an instrumented agent logs each answer and each tool result) and the GenAI client metrics an SDK exports each
 * minute (token usage and operation duration, per service, model and operation, with delta temporality), folds the
 * usage rollups, and reads {@code pg_total_relation_size} (heap, TOAST and indexes) of every partition of every table.
 * Writes {@code footprint.tsv}: the bytes of each table, and the bytes per span, per log record and per metric point.
 * {@code bench/run footprint [--full] [--out DIR]}: 50,000 spans, or 1,000,000 with {@code --full}.
 */
public final class FootprintBenchmark {

    static final String SECTION = "footprint";
    static final long SMOKE_SPANS = 50_000;
    static final long FULL_SPANS = 1_000_000;
    private static final int CHUNK = 10_000;
    private static final int IN_FLIGHT = 4;
    /** The tables measured, in the order they are reported. */
    static final List<String> TABLES = List.of("spans", "span_resources", "logs", "metric_points", "usage_rollups",
            "usage_rollup_deltas", "usage_rollup_rebuilds");
    private static final String SIZES = """
            SELECT t.name,
                   coalesce((SELECT sum(pg_total_relation_size(p.relid)) FROM pg_partition_tree(r) AS p),
                            pg_total_relation_size(r)) AS bytes,
                   coalesce((SELECT sum(pg_indexes_size(p.relid)) FROM pg_partition_tree(r) AS p),
                            pg_indexes_size(r)) AS index_bytes
              FROM unnest(?::text[]) WITH ORDINALITY AS t(name, n), to_regclass(t.name) AS r
             ORDER BY t.n""";
    /** Explicit bounds of the GenAI semantic conventions: token counts, and durations in seconds. */
    private static final double[] TOKEN_BOUNDS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576,
        4194304, 16777216, 67108864};
    private static final double[] SECONDS_BOUNDS = {0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24,
        20.48, 40.96, 81.92};

    private FootprintBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parse(args, "bench-out");
        Files.createDirectories(line.out());
        run(line.out(), line.scale());
    }

    /** Loads a day of telemetry of the scale's size into a new embedded database and writes the figures. */
    public static List<Figure> run(Path outDir, Scale scale) throws Exception {
        long spans = scale == Scale.FULL ? FULL_SPANS : SMOKE_SPANS;
        Path dataDir = Files.createTempDirectory("observatory-footprint-");
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant start = end.minus(Duration.ofDays(1));
        List<Figure> figures = new ArrayList<>();
        StorageConfig config = StorageConfig.builder().dataDir(dataDir).redis(new RedisTarget.Disabled())
                .writer(WriterSettings.DEFAULTS.withMethod(WriteMethod.COPY).withBatchSize(10_000)
                        .withBufferCapacity(200_000))
                .retention(Retention.of(Duration.ofDays(30))).build();
        System.out.printf(Locale.ROOT, "footprint: %,d spans from %s to %s, database in %s%n", spans, start, end,
                dataDir);
        try (LocalServers local = LocalServers.start(config);
                Storage storage = Storage.open(local.applyTo(config))) {
            Counts counts = load(storage, new AgentTraces(2_026_12_03L, start, end, spans));
            long deltas = storage.foldRollups();
            Map<String, long[]> sizes = sizes(storage);
            String note = String.format(Locale.ROOT, "%,d spans (%,d LLM calls), %,d log records and %,d metric points"
                    + " of one day stored through the storage's writers (binary COPY, batches of 10,000), then every"
                    + " usage delta folded (%,d still waiting for the last fold); pg_total_relation_size of every"
                    + " partition; %s", counts.spans(),
                    counts.llmSpans(), counts.logs(), counts.points(), deltas, MachineLoad.described());
            for (Map.Entry<String, long[]> e : sizes.entrySet()) {
                figures.add(Figure.info(SECTION, e.getKey() + ": table, TOAST and indexes", e.getValue()[0] / 1048576.0,
                        "MiB", String.format(Locale.ROOT, "%,d bytes, of which indexes %,d; %s", e.getValue()[0],
                                e.getValue()[1], note)));
            }
            figures.add(Figure.info(SECTION, "bytes per span on disk (spans and span_resources)",
                    (sizes.get("spans")[0] + sizes.get("span_resources")[0]) / (double) counts.spans(), "B", note));
            figures.add(Figure.info(SECTION, "bytes per span of index", (sizes.get("spans")[1]
                    + sizes.get("span_resources")[1]) / (double) counts.spans(), "B", note));
            figures.add(Figure.info(SECTION, "bytes per log record on disk", sizes.get("logs")[0]
                    / (double) counts.logs(), "B", note));
            figures.add(Figure.info(SECTION, "bytes per metric point on disk", sizes.get("metric_points")[0]
                    / (double) counts.points(), "B", note));
            figures.add(Figure.info(SECTION, "usage rollups per span (all grains, after the fold)",
                    (sizes.get("usage_rollups")[0] + sizes.get("usage_rollup_deltas")[0]) / (double) counts.spans(),
                    "B", note));
            long day = 0;
            for (long[] size : sizes.values()) {
                day += size[0];
            }
            figures.add(Figure.info(SECTION, "everything stored, per span", day / (double) counts.spans(), "B",
                    "every table above over the spans; " + note));
        } finally {
            QueryBenchmark.deleteTree(dataDir);
        }
        Path tsv = outDir.resolve(SECTION + ".tsv");
        Files.deleteIfExists(tsv);
        FigureFile.append(tsv, figures);
        figures.forEach(System.out::println);
        return figures;
    }

    private record Counts(long spans, long llmSpans, long logs, long points) {
    }

    /** The key of one metric series' point in one minute. */
    private record Series(String project, String service, String model, String operation, String metric, String type,
            Instant minute) {
    }

    private static Counts load(Storage storage, AgentTraces traces) throws Exception {
        Deque<CompletableFuture<WriteOutcome>> inFlight = new ArrayDeque<>();
        Map<Series, List<Double>> series = new LinkedHashMap<>();
        long spans = 0;
        long llm = 0;
        long logs = 0;
        while (traces.hasMore()) {
            List<Span> chunk = traces.next(CHUNK);
            List<LogRecord> records = new ArrayList<>();
            for (Span s : chunk) {
                if (s.model() != null) {
                    llm++;
                    records.add(answerLog(s));
                    observe(series, s);
                } else if (s.parentSpanId() != null) {
                    records.add(toolLog(s));
                }
            }
            spans += chunk.size();
            logs += records.size();
            inFlight.add(storage.traces().writeAll(chunk));
            inFlight.add(storage.logs().writeAll(records));
            while (inFlight.size() > IN_FLIGHT) {
                check(inFlight.poll());
            }
        }
        List<MetricPoint> points = new ArrayList<>();
        for (Map.Entry<Series, List<Double>> e : series.entrySet()) {
            points.add(point(e.getKey(), e.getValue()));
        }
        for (int from = 0; from < points.size(); from += CHUNK) {
            inFlight.add(storage.metrics().writeAll(points.subList(from, Math.min(points.size(), from + CHUNK))));
            while (inFlight.size() > IN_FLIGHT) {
                check(inFlight.poll());
            }
        }
        while (!inFlight.isEmpty()) {
            check(inFlight.poll());
        }
        try (Connection c = DirectConnections.to(storage.config()).getConnection(); Statement st = c.createStatement()) {
            st.execute("ANALYZE");
        }
        return new Counts(spans, llm, logs, points.size());
    }

    /** The record an agent logs when a model answers (or is refused). */
    private static LogRecord answerLog(Span s) {
        boolean error = s.statusCode() == StatusCode.ERROR;
        String body = error ? "model call to " + s.model() + " failed: " + s.statusMessage()
                : String.format(Locale.ROOT, "%s answered in %d ms with %d output tokens (%s)", s.model(),
                        Math.round(s.durationMs()), s.outputTokens() == null ? 0 : s.outputTokens(), s.finishReason());
        return LogRecord.builder().projectId(s.projectId()).time(s.endTime()).observedTime(s.endTime())
                .severityNumber(error ? 13 : 9).severityText(error ? "WARN" : "INFO").body(body)
                .serviceName(s.serviceName()).traceId(s.traceId()).spanId(s.spanId())
                .attributes("{\"gen_ai.request.model\": \"" + s.model() + "\", \"gen_ai.operation.name\": \""
                        + s.operation() + "\", \"gen_ai.usage.input_tokens\": " + s.inputTokens() + "}")
                .resourceAttributes(s.resourceAttributes()).build();
    }

    /** The record an agent logs when a tool (or an agent step) ends. */
    private static LogRecord toolLog(Span s) {
        boolean error = s.statusCode() == StatusCode.ERROR;
        return LogRecord.builder().projectId(s.projectId()).time(s.endTime()).observedTime(s.endTime())
                .severityNumber(error ? 17 : 9).severityText(error ? "ERROR" : "INFO")
                .body(s.name() + (error ? " failed after " : " returned in ") + Math.round(s.durationMs()) + " ms")
                .serviceName(s.serviceName()).traceId(s.traceId()).spanId(s.spanId())
                .attributes("{\"gen_ai.tool.name\": \"" + s.name() + "\"}")
                .resourceAttributes(s.resourceAttributes()).build();
    }

    /** Adds a model call to the minute's token usage (input and output) and operation duration series. */
    private static void observe(Map<Series, List<Double>> series, Span s) {
        Instant minute = s.startTime().truncatedTo(ChronoUnit.MINUTES);
        String op = s.operation() == null ? "chat" : s.operation();
        if (s.inputTokens() != null) {
            series.computeIfAbsent(new Series(s.projectId(), s.serviceName(), s.model(), op,
                    "gen_ai.client.token.usage", "input", minute), k -> new ArrayList<>()).add((double) s.inputTokens());
        }
        if (s.outputTokens() != null) {
            series.computeIfAbsent(new Series(s.projectId(), s.serviceName(), s.model(), op,
                    "gen_ai.client.token.usage", "output", minute), k -> new ArrayList<>())
                    .add((double) s.outputTokens());
        }
        series.computeIfAbsent(new Series(s.projectId(), s.serviceName(), s.model(), op,
                "gen_ai.client.operation.duration", null, minute), k -> new ArrayList<>()).add(s.durationMs() / 1000);
    }

    private static MetricPoint point(Series key, List<Double> values) {
        boolean tokens = key.type() != null;
        double[] bounds = tokens ? TOKEN_BOUNDS : SECONDS_BOUNDS;
        long[] buckets = new long[bounds.length + 1];
        double sum = 0;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double v : values) {
            int i = 0;
            while (i < bounds.length && v > bounds[i]) {
                i++;
            }
            buckets[i]++;
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        String attributes = "{\"gen_ai.operation.name\": \"" + key.operation() + "\", \"gen_ai.request.model\": \""
                + key.model() + "\"" + (tokens ? ", \"gen_ai.token.type\": \"" + key.type() + "\"" : "") + "}";
        MetricPoint p = MetricPoint.histogram(key.project(), key.metric(), tokens ? "{token}" : "s", key.service(),
                attributes, key.minute(), key.minute().plus(Duration.ofMinutes(1)), values.size(), sum, min, max,
                buckets, bounds);
        return p;
    }

    private static void check(CompletableFuture<WriteOutcome> future) throws Exception {
        WriteOutcome outcome = future.get(10, TimeUnit.MINUTES);
        if (!outcome.allCommitted()) {
            throw new IllegalStateException(outcome.rejected().size() + " items were refused: "
                    + outcome.rejected().get(0));
        }
    }

    /** Per table: total bytes (heap, TOAST, indexes, over every partition) and index bytes. */
    private static Map<String, long[]> sizes(Storage storage) throws SQLException {
        Map<String, long[]> sizes = new LinkedHashMap<>();
        try (Connection c = DirectConnections.to(storage.config()).getConnection();
                PreparedStatement ps = c.prepareStatement(SIZES)) {
            ps.setArray(1, c.createArrayOf("text", TABLES.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sizes.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
        }
        return sizes;
    }
}
