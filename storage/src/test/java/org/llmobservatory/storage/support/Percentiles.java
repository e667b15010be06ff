package org.llmobservatory.storage.support;

import java.util.List;

/** PostgreSQL's {@code percentile_cont}, computed in Java: linear interpolation between closest ranks. */
public final class Percentiles {

    private Percentiles() {
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
