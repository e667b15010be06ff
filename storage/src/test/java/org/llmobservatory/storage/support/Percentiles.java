package org.llmobservatory.storage.support;

import java.util.List;

/**
 * Percentiles computed in Java, independently of the code under test: PostgreSQL's {@code percentile_cont} (linear
 * interpolation between closest ranks) and the lower nearest rank that the rollups' histograms estimate.
 */
public final class Percentiles {

    private Percentiles() {
    }

    /** The value of rank {@code max(1, ceil(fraction * n))} (1-based) in ascending order. */
    public static double nearestRank(List<Double> values, double fraction) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = Math.max(1, (int) Math.ceil(fraction * sorted.length));
        return sorted[rank - 1];
    }

    public static double cont(List<Double> values, double fraction) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double position = fraction * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = (int) Math.ceil(position);
        double lowerValue = sorted[lower];
        return lowerValue + (position - lower) * (sorted[upper] - lowerValue);
    }
}
