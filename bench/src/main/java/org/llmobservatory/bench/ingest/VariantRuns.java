package org.llmobservatory.bench.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.llmobservatory.bench.report.Figure;
import org.llmobservatory.bench.report.Samples;

/**
 * Runs several ingest variants in turn, run after run, so that the machine's ups and downs hit them
 * all alike; after each variant the table is checked to hold every row and emptied. A variant that
 * fails is reported as failed (with why) and not tried again; the others go on.
 */
final class VariantRuns {

    /** One way of loading {@code rows} spans; {@code load} returns the seconds it took. */
    record Variant(String name, long rows, Load load) {
    }

    @FunctionalInterface
    interface Load {
        double seconds() throws Exception;
    }

    private final Map<String, Samples> rates = new LinkedHashMap<>();
    private final Map<String, String> failures = new LinkedHashMap<>();

    static VariantRuns measure(IngestTarget target, List<Variant> variants, int runs) throws Exception {
        VariantRuns results = new VariantRuns();
        for (Variant v : variants) {
            results.rates.put(v.name(), new Samples());
        }
        for (int run = 1; run <= runs; run++) {
            for (Variant v : variants) {
                if (!results.failures.containsKey(v.name())) {
                    results.measureOnce(target, v, run);
                }
            }
        }
        return results;
    }

    private void measureOnce(IngestTarget target, Variant v, int run) throws Exception {
        try {
            double seconds = v.load().seconds();
            target.expectRows(v.rows(), v.name());
            rates.get(v.name()).add(v.rows() / seconds);
            System.out.printf(Locale.ROOT, "  run %d  %-40s %,9d spans in %6.2f s = %,8.0f spans/s%n", run, v.name(),
                    v.rows(), seconds, v.rows() / seconds);
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            failures.put(v.name(), why.lines().findFirst().orElse(why));
            System.err.printf("  run %d  %s failed: %s%n", run, v.name(), why);
        } finally {
            target.empty();
        }
    }

    /** {@code figure} as it is, or marked missed when its variant failed in every run, target or not. */
    static Figure missedIfUnmeasured(Figure figure) {
        if (!Double.isNaN(figure.measured()) || figure.met() != null) {
            return figure;
        }
        return new Figure(figure.section(), figure.name(), figure.measured(), figure.unit(), "a measurement",
                figure.ratio(), false, figure.note());
    }

    Samples rates(String variant) {
        return rates.get(variant);
    }

    /** How the variant was measured, or why it failed, for its figure's note. */
    String note(String variant) {
        String failure = failures.get(variant);
        return failure != null ? "FAILED: " + failure : rates.get(variant).describe() + " spans/s";
    }
}
