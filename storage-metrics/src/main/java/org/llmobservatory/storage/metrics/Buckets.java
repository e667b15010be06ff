package org.llmobservatory.storage.metrics;

import java.time.Duration;

/**
 * Histogram bucket boundaries. The dashboards and alert rules read these histograms with
 * {@code histogram_quantile}, so the boundaries are fixed here rather than left to a registry default.
 */
final class Buckets {

    /**
     * Writing one batch: a small INSERT commits in about a millisecond on a local database, a
     * 2,000-row COPY in tens of milliseconds, and a batch retried across an outage in seconds.
     */
    static final Duration[] WRITE = millis(1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000);

    /** Queries: index lookups take well under a millisecond, 30-day aggregates seconds. */
    static final Duration[] QUERY = millis(0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000);

    /** Taking a connection from the pool: microseconds when one is idle, up to the 5 s pool timeout when none is. */
    static final Duration[] ACQUIRE = millis(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 5_000);

    /**
     * Folding usage deltas into the rollups: a fold that finds nothing is a round trip of a millisecond or two, one of
     * the 20,000 deltas a transaction takes at most reads and rewrites that many rollup rows, up to seconds.
     */
    static final Duration[] FOLD = millis(1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000);

    /** Items per batch: single spans up to the 2,000-item batches of sustained ingest. */
    static final double[] BATCH_SIZE = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_000, 5_000, 10_000};

    /**
     * Rows a query returns: a trace of a few spans up to a page of 1,000. Counts are whole numbers, so
     * the 0.5 bucket holds exactly the empty results (Micrometer takes no bucket at 0).
     */
    static final double[] RESULT_COUNT = {0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1_000, 5_000, 10_000};

    private Buckets() {
    }

    private static Duration[] millis(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos(Math.round(values[i] * 1_000_000));
        }
        return out;
    }
}
