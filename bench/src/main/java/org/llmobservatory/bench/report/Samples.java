package org.llmobservatory.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The values one variant measured over several runs; figures report their median. */
public final class Samples {

    private final List<Double> values = new ArrayList<>();

    public void add(double value) {
        values.add(value);
    }

    /** The median of the runs; NaN when none succeeded. */
    public double median() {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The runs in the order measured, for a figure's note: {@code "runs 41867, 52392, 62980"}. */
    public String describe() {
        return "runs " + values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v))
                .collect(Collectors.joining(", "));
    }
}
