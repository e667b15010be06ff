package org.llmobservatory.bench.report;

import java.nio.file.Path;

/**
 * One part of the benchmark report: a name, which is also the base name of the figure file it writes
 * ({@code <name>.tsv}), and the code that measures it at a given scale into an output directory.
 */
public record Section(String name, Runner runner) {

    /** Measures a section, appending its figures to {@code <name>.tsv} and saving its plots in {@code outDir}. */
    @FunctionalInterface
    public interface Runner {
        void run(Path outDir, Scale scale) throws Exception;
    }

    /** The figure file this section writes in {@code outDir}. */
    public Path figures(Path outDir) {
        return outDir.resolve(name + ".tsv");
    }
}
