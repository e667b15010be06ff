package org.llmobservatory.bench;

import java.util.Arrays;
import java.util.function.IntConsumer;

/** Timed executions of one operation, in milliseconds, with nearest-rank percentiles. */
record Latencies(double[] sortedMillis) {

    Latencies {
        if (sortedMillis.length == 0) {
            throw new IllegalArgumentException("no timings");
        }
        sortedMillis = sortedMillis.clone();
        Arrays.sort(sortedMillis);
    }

    /**
     * Runs {@code action} {@code warmup} times untimed, then {@code runs} times timed; the argument is the
     * run's index (warm-up runs count from {@code -warmup}), for varying the parameters.
     */
    static Latencies measure(int warmup, int runs, IntConsumer action) {
        for (int i = -warmup; i < 0; i++) {
            action.accept(i);
        }
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            action.accept(i);
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        return new Latencies(millis);
    }

    /** The smallest timing that at least {@code quantile} of the timings do not exceed. */
    double percentile(double quantile) {
        int rank = (int) Math.ceil(quantile * sortedMillis.length);
        return sortedMillis[Math.max(0, Math.min(sortedMillis.length - 1, rank - 1))];
    }

    int count() {
        return sortedMillis.length;
    }
}
