package org.llmobservatory.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.llmobservatory.bench.report.ProjectRoot;
import org.llmobservatory.bench.report.Scale;
import org.llmobservatory.bench.report.Section;

/**
 * The command line of {@code bench/run report}. Without {@code --out}, a smoke report goes to
 * bench/target/report-smoke and a full one to docs/benchmarks, the only case that rewrites the docs.
 */
record ReportOptions(Scale scale, Path root, Path out, List<String> only, boolean rewritesDocs) {

    static ReportOptions parse(String[] args) {
        Scale scale = Scale.SMOKE;
        Path out = null;
        List<String> only = List.of();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--scale" -> scale = Scale.parse(require(value, "--scale"));
                case "--out" -> out = Path.of(require(value, "--out"));
                case "--only" -> only = Arrays.asList(require(value, "--only").split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: "
                        + BenchmarkReport.usage());
            }
            i++;
        }
        Path root = ProjectRoot.find();
        Path docs = root.resolve("docs/benchmarks");
        Path dir = out != null ? out.toAbsolutePath() : scale.writesDocs() ? docs
                : root.resolve("bench/target/report-smoke");
        return new ReportOptions(scale, root, dir, only, scale.writesDocs() && dir.equals(docs) && only.isEmpty());
    }

    /** The sections to run: all of them, or those named by {@code --only}, in the report's order. */
    List<Section> sections(List<Section> all) {
        for (String name : only) {
            if (all.stream().noneMatch(s -> s.name().equals(name))) {
                throw new IllegalArgumentException("no section " + name + "; usage: " + BenchmarkReport.usage());
            }
        }
        return all.stream().filter(s -> only.isEmpty() || only.contains(s.name())).toList();
    }

    private static String require(String value, String option) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value; usage: " + BenchmarkReport.usage());
        }
        return value;
    }
}
