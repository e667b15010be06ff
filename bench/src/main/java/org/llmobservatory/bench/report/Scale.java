package org.llmobservatory.bench.report;

import java.time.Duration;
import java.util.Locale;

/**
 * How big a benchmark report is. {@link #SMOKE} proves every section runs and writes its figures and
 * plots in about a minute (the sizes are too small for the numbers to mean anything); {@link #FULL}
 * measures the figures published in docs/BENCHMARKS.md. A section picks its own sizes with
 * {@link #pick(Object, Object)} when the common ones below do not fit.
 */
public enum Scale {

    SMOKE(1, 4_096, 2_048, Duration.ofSeconds(8), Duration.ofSeconds(2)),
    FULL(3, 200_000, 100_000, Duration.ofMinutes(10), Duration.ofSeconds(30));

    private final int runs;
    private final int spans;
    private final int curveSpans;
    private final Duration memoryRun;
    private final Duration memorySample;

    Scale(int runs, int spans, int curveSpans, Duration memoryRun, Duration memorySample) {
        this.runs = runs;
        this.spans = spans;
        this.curveSpans = curveSpans;
        this.memoryRun = memoryRun;
        this.memorySample = memorySample;
    }

    /** Runs per variant; a figure is the median of its runs. */
    public int runs() {
        return runs;
    }

    /** Spans loaded per run for a headline ingest figure. */
    public int spans() {
        return spans;
    }

    /** Spans loaded per point of a curve (batch sizes, client counts). */
    public int curveSpans() {
        return curveSpans;
    }

    /** How long the memory section keeps the service at its maximum ingest rate. */
    public Duration memoryRun() {
        return memoryRun;
    }

    /** How often the memory section samples the service's RSS. */
    public Duration memorySample() {
        return memorySample;
    }

    /** Whether a report at this scale rewrites docs/BENCHMARKS.md and its plots. */
    public boolean writesDocs() {
        return this == FULL;
    }

    /** {@code smoke} at smoke scale, {@code full} at full scale. */
    public <T> T pick(T smoke, T full) {
        return this == FULL ? full : smoke;
    }

    /** The scale named on the command line: {@code smoke} or {@code full}. */
    public static Scale parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--scale takes smoke or full, got: " + text, e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
