package org.llmobservatory.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.llmobservatory.bench.report.Figure;
import org.llmobservatory.bench.report.FigureFile;
import org.llmobservatory.bench.report.Scale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The report's "recording" section: what {@link MetricsRecordingBenchmark} measures with JMH, the cost in
 * nanoseconds of recording one committed batch and one query. Full scale forks a JVM with warm-up, as
 * {@code bench/run jmh} does; smoke scale runs in this JVM for a moment, only to keep the harness working.
 */
final class RecordingCost {

    static final String SECTION = "recording";

    private RecordingCost() {
    }

    static void run(Path outDir, Scale scale) throws Exception {
        boolean full = scale == Scale.FULL;
        Options options = new OptionsBuilder()
                .include(MetricsRecordingBenchmark.class.getName() + "\\.")
                .forks(full ? 1 : 0)
                .warmupIterations(full ? 3 : 0)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(full ? 5 : 1)
                .measurementTime(full ? TimeValue.seconds(1) : TimeValue.milliseconds(200))
                .timeUnit(TimeUnit.NANOSECONDS)
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        List<Figure> figures = new ArrayList<>();
        for (RunResult result : results) {
            String method = result.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            double score = result.getPrimaryResult().getScore();
            double error = result.getPrimaryResult().getScoreError();
            figures.add(Figure.info(SECTION, method.equals("recordWrite") ? "one committed batch recorded"
                    : "one query recorded", score, "ns", String.format(Locale.ROOT, "JMH %s, average time, +- %.1f ns"
                    + " (99.9%%)", method, Double.isNaN(error) ? 0 : error)));
        }
        FigureFile.append(outDir.resolve(SECTION + ".tsv"), figures);
    }
}
