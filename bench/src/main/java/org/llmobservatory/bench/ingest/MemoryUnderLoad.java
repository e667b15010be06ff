package org.llmobservatory.bench.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.llmobservatory.bench.BenchMain;
import org.llmobservatory.bench.report.Figure;
import org.llmobservatory.bench.report.FigureFile;
import org.llmobservatory.bench.report.Plot;
import org.llmobservatory.bench.report.ProjectRoot;
import org.llmobservatory.bench.report.Scale;

/**
 * The memory section: the service's resident memory while it ingests as fast as it can. It runs
 * bench/soak.sh, which starts {@code ./observatory serve} in its own process (heap capped with
 * {@code -Xmx256m}) and drives it with the soak driver in closed loop ({@code --rate max}, 8 clients),
 * sampling the service's RSS at the scale's interval; the figures and the plot come from that CSV.
 */
public final class MemoryUnderLoad {

    public static final String SECTION = "memory";
    public static final String MAX_RSS = "service RSS, maximum";
    public static final String FIRST_RSS = "service RSS, first sample";
    public static final String LAST_RSS = "service RSS, last sample";
    public static final String GROWTH = "service RSS, last / first sample";
    public static final String SUSTAINED = "sustained OTLP/HTTP ingest during the run";
    public static final String PLOT = "memory-rss.png";
    static final double BUDGET_MIB = 512;

    private MemoryUnderLoad() {
    }

    public static void run(Path outDir, Scale scale) throws Exception {
        Path root = ProjectRoot.find();
        Path csv = outDir.toAbsolutePath().resolve(SECTION + ".csv");
        Files.deleteIfExists(csv);
        String minutes = String.format(Locale.ROOT, "%.4f", scale.memoryRun().toMillis() / 60_000.0);
        // The soak's output goes to a file and is echoed afterwards: a test JVM's output is not to be shared.
        Path log = Files.createTempFile("observatory-memory-", ".log");
        ProcessBuilder soak = new ProcessBuilder("bash", root.resolve("bench/soak.sh").toString(), minutes, "max",
                csv.toString()).directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        soak.environment().put("SOAK_INTERVAL_SECONDS", Long.toString(scale.memorySample().toSeconds()));
        soak.environment().put("SOAK_DRIVER", driverCommand());
        soak.environment().put("SOAK_REMOVE_DATA", "1");
        Process process = soak.start();
        long limitSeconds = scale.memoryRun().toSeconds() + 600;
        boolean finished = process.waitFor(limitSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.destroy();
        }
        System.out.print(Files.readString(log));
        Files.delete(log);
        if (!finished) {
            throw new IllegalStateException("bench/soak.sh did not finish within " + limitSeconds + " s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("bench/soak.sh exited with " + process.exitValue());
        }
        List<SoakSample> samples = SoakSample.read(csv);
        FigureFile.append(outDir.resolve(SECTION + ".tsv"), figures(samples, scale));
        List<Long> seconds = samples.stream().map(SoakSample::elapsedSeconds).toList();
        Plot.lines("Service RSS at maximum OTLP/HTTP ingest (-Xmx256m)", "seconds", "RSS (MiB)")
                .series("RSS", seconds, samples.stream().map(SoakSample::rssMib).toList())
                .series("target " + (int) BUDGET_MIB + " MiB", seconds, seconds.stream().map(s -> BUDGET_MIB).toList())
                .save(outDir.resolve(PLOT));
    }

    private static List<Figure> figures(List<SoakSample> samples, Scale scale) {
        SoakSample first = samples.getFirst();
        SoakSample last = samples.getLast();
        double max = samples.stream().mapToDouble(SoakSample::rssMib).max().orElseThrow();
        String how = String.format(Locale.ROOT, "./observatory serve with -Xmx256m, %d samples every %d s over %d s",
                samples.size(), scale.memorySample().toSeconds(), last.elapsedSeconds());
        List<Figure> figures = new ArrayList<>();
        figures.add(new Figure(SECTION, MAX_RSS, max, "MiB", "<= 512 MiB", Double.NaN, max <= BUDGET_MIB, how));
        figures.add(Figure.info(SECTION, FIRST_RSS, first.rssMib(), "MiB", "at " + first.elapsedSeconds() + " s"));
        figures.add(Figure.info(SECTION, LAST_RSS, last.rssMib(), "MiB", "at " + last.elapsedSeconds() + " s"));
        figures.add(Figure.info(SECTION, GROWTH, last.rssMib() / first.rssMib(), "x", "1.0 is flat"));
        figures.add(Figure.info(SECTION, SUSTAINED, last.requestsOk() * 512.0 / last.elapsedSeconds(), "spans/s",
                String.format(Locale.ROOT, "8 closed-loop clients, 512 spans a request; %d requests answered 503,"
                        + " %d failed; load average %s at the end", last.requests503(), last.requestsFailed(),
                        last.loadAverage())));
        return figures;
    }

    /** This JVM's java and class path running {@link BenchMain}, for soak.sh to start the driver with. */
    private static String driverCommand() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        if (java.contains(" ") || classPath.contains(" ")) {
            throw new IOException("the soak driver's command cannot hold spaces: " + java + " -cp " + classPath);
        }
        return java + " -cp " + classPath + " " + BenchMain.class.getName();
    }
}
