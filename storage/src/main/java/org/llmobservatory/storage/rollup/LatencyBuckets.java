package org.llmobservatory.storage.rollup;

/**
 * The log-scale buckets of a {@link LatencyHistogram}, in the manner of DDSketch: bucket {@code i} holds
 * the latencies in {@code (GAMMA^(i-1), GAMMA^i]} milliseconds and reports {@code 2 * GAMMA^i / (GAMMA + 1)},
 * which is within {@link #RELATIVE_ACCURACY} relative error of every value in the bucket. The bucket of a
 * value depends only on the value, never on the other values, which is what makes histograms mergeable by
 * adding counts, and lets the rollup SQL compute the same bucket as Java.
 *
 * <p><b>Stored rollups hold bucket indexes computed with these constants and this formula; changing any of
 * them silently reinterprets every stored row.</b> {@code LatencyBucketsTest} pins them.
 *
 * <h2>The bucket index, and why it subtracts 1e-9</h2>
 * The index is {@code ceil(ln(v) / LN_GAMMA - 1e-9)}, in Java ({@link #index}) and in SQL
 * ({@link #SQL_DURATION_INDEX}). A plain {@code ceil(ln(v) / LN_GAMMA)} puts its bucket boundaries exactly on
 * the powers of gamma, and a value at (the double nearest to) {@code GAMMA^k} computes {@code ln(v)/LN_GAMMA}
 * as {@code k} plus or minus a few ulps (up to 7e-12 near the largest doubles), so its bucket is {@code k} or
 * {@code k+1} depending on noise; two {@code ln} implementations that differ by one ulp (Java's and
 * PostgreSQL's C library's can) then disagree about it. Subtracting 1e-9 moves every boundary 1e-9 of a
 * bucket (2e-11 relative) above the power of gamma, about a hundred times the noise, so the values that
 * sit on or within noise of a power of gamma, however computed, get bucket {@code k} on both sides. The
 * boundary does not vanish, it moves: Java and SQL can still disagree about a value within an ulp of
 * {@code GAMMA^(k + 1e-9)}, which is no special number (a duration lands there with odds of about 1e-13),
 * and a disagreement moves one count into the next bucket, whose reported value is still within about
 * 2% of it. The price of the offset is that the relative error bound becomes {@code RELATIVE_ACCURACY + 2e-11}.
 *
 * <p>Java uses {@link StrictMath#log}, whose results are specified bit for bit, so stored indexes do not
 * depend on the JVM or the CPU; {@link Math#log} differs from it by one ulp on about 0.5% of inputs.
 */
public final class LatencyBuckets {

    /** Relative accuracy alpha of every reported value (1%). */
    public static final double RELATIVE_ACCURACY = 0.01;

    /** Ratio of consecutive bucket bounds: {@code (1 + alpha) / (1 - alpha)}. */
    public static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);

    /** {@code ln(GAMMA)}; SQL must divide by this literal, not compute {@code ln(gamma)} itself. */
    public static final double LN_GAMMA = StrictMath.log(GAMMA);

    /** Subtracted from {@code ln(v) / LN_GAMMA} before rounding up; see the class comment. */
    public static final double INDEX_OFFSET = 1e-9;

    /**
     * Latencies at or below this many milliseconds (one nanosecond, the resolution of OTLP timestamps)
     * count as zero: a 1 ns span is a zero-length span as far as latency goes, and it keeps the index range
     * small. Quantiles report them as 0.
     */
    public static final double ZERO_THRESHOLD_MS = 1e-6;

    /** Smallest index a value above {@link #ZERO_THRESHOLD_MS} can have (-690). */
    public static final int MIN_INDEX = index(Math.nextUp(ZERO_THRESHOLD_MS));

    /** Largest index a finite value can have (35488, reached near {@link Double#MAX_VALUE}). */
    public static final int MAX_INDEX = index(Double.MAX_VALUE);

    /**
     * The bucket index computed in SQL from a double precision column {@code duration_ms} whose value is
     * above {@link #ZERO_THRESHOLD_MS} (the rollup counts the others as zero: {@code duration_ms <= 1.0E-6}).
     * The constants are written with {@link Double#toString}, which PostgreSQL reads back to the same doubles.
     */
    public static final String SQL_DURATION_INDEX =
            "ceil(ln(duration_ms) / " + LN_GAMMA + " - " + INDEX_OFFSET + ")::integer";

    private static final double LN_REPORT_FACTOR = StrictMath.log(2 / (GAMMA + 1));

    private LatencyBuckets() {
    }

    /** Whether {@code valueMs} counts as zero rather than going to a bucket; refuses invalid values. */
    public static boolean isZero(double valueMs) {
        if (!(valueMs >= 0) || valueMs == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(
                    "a latency must be a finite number of milliseconds >= 0, not " + valueMs);
        }
        return valueMs <= ZERO_THRESHOLD_MS;
    }

    /**
     * The bucket index of a latency above {@link #ZERO_THRESHOLD_MS}: {@code ceil(ln(v) / LN_GAMMA - 1e-9)}.
     *
     * @throws IllegalArgumentException for a value that counts as zero, or is negative, NaN or infinite
     */
    public static int index(double valueMs) {
        if (isZero(valueMs)) {
            throw new IllegalArgumentException(
                    valueMs + " ms counts as zero (<= " + ZERO_THRESHOLD_MS + " ms) and has no bucket");
        }
        return (int) Math.ceil(StrictMath.log(valueMs) / LN_GAMMA - INDEX_OFFSET);
    }

    /** The value bucket {@code index} reports: {@code 2 * GAMMA^index / (GAMMA + 1)}, finite for every valid index. */
    public static double reportedValue(int index) {
        // exp of a sum rather than a product of powers: GAMMA^MAX_INDEX alone overflows.
        return Math.exp(index * LN_GAMMA + LN_REPORT_FACTOR);
    }
}
