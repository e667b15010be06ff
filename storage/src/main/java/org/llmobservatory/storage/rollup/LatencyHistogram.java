package org.llmobservatory.storage.rollup;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Counts of latencies (milliseconds) per log-scale bucket ({@link LatencyBuckets}), from which p50, p95 or
 * p99 of any window is estimated within 1% relative error by merging the hourly rollups' histograms.
 *
 * <p>Immutable. Merging adds bucket counts, so it is associative and commutative, and the merge of the
 * histograms of two parts of a data set is exactly the histogram of the whole: an hour, a day or a month
 * costs one merge per rollup row, never a pass over the spans. Build one with {@link Builder}.
 *
 * <p>Stored in one row as {@link #indexes()}, {@link #counts()} and {@link #zeroCount()}, read back with
 * {@link #of}.
 */
public final class LatencyHistogram {

    /** Ratio of consecutive bucket bounds; see {@link LatencyBuckets#GAMMA}. */
    public static final double GAMMA = LatencyBuckets.GAMMA;

    private static final LatencyHistogram EMPTY = new LatencyHistogram(new int[0], new long[0], 0, 0);

    private final int[] indexes;
    private final long[] counts;
    private final long zeroCount;
    private final long count;

    private LatencyHistogram(int[] indexes, long[] counts, long zeroCount, long count) {
        this.indexes = indexes;
        this.counts = counts;
        this.zeroCount = zeroCount;
        this.count = count;
    }

    public static LatencyHistogram empty() {
        return EMPTY;
    }

    /** The histogram of {@code valuesMs}; see {@link Builder#add(double)} for what is refused. */
    public static LatencyHistogram of(double... valuesMs) {
        Builder builder = new Builder();
        for (double v : valuesMs) {
            builder.add(v);
        }
        return builder.build();
    }

    /**
     * The histogram read back from its storage form.
     *
     * @param indexes the non-empty buckets' indexes, strictly ascending, each in
     *     [{@link LatencyBuckets#MIN_INDEX}, {@link LatencyBuckets#MAX_INDEX}]
     * @param counts each bucket's count, > 0, in the same order
     * @param zeroCount how many latencies counted as zero, >= 0
     * @throws IllegalArgumentException naming the first thing that is wrong
     */
    public static LatencyHistogram of(int[] indexes, long[] counts, long zeroCount) {
        Objects.requireNonNull(indexes, "indexes");
        Objects.requireNonNull(counts, "counts");
        if (indexes.length != counts.length) {
            throw new IllegalArgumentException("indexes and counts differ in length: " + indexes.length
                    + " indexes, " + counts.length + " counts");
        }
        if (zeroCount < 0) {
            throw new IllegalArgumentException("zero count must be >= 0, not " + zeroCount);
        }
        long total = zeroCount;
        for (int i = 0; i < indexes.length; i++) {
            if (indexes[i] < LatencyBuckets.MIN_INDEX || indexes[i] > LatencyBuckets.MAX_INDEX) {
                throw new IllegalArgumentException("index " + indexes[i] + " at position " + i + " is outside ["
                        + LatencyBuckets.MIN_INDEX + ", " + LatencyBuckets.MAX_INDEX + "], no latency has it");
            }
            if (i > 0 && indexes[i] <= indexes[i - 1]) {
                throw new IllegalArgumentException("indexes must be strictly ascending, but index " + indexes[i]
                        + " at position " + i + " follows " + indexes[i - 1]);
            }
            if (counts[i] <= 0) {
                throw new IllegalArgumentException("count must be > 0, not " + counts[i] + " at position " + i
                        + " (index " + indexes[i] + "); empty buckets are left out");
            }
            total = Math.addExact(total, counts[i]);
        }
        return total == 0 ? EMPTY : new LatencyHistogram(indexes.clone(), counts.clone(), zeroCount, total);
    }

    /** A histogram whose parts the caller has checked as {@link #of(int[], long[], long)} does; not copied. */
    static LatencyHistogram ofChecked(int[] indexes, long[] counts, long zeroCount, long count) {
        return count == 0 ? EMPTY : new LatencyHistogram(indexes, counts, zeroCount, count);
    }

    /**
     * The bucket index of a latency above {@link LatencyBuckets#ZERO_THRESHOLD_MS},
     * {@code ceil(ln(v) / ln(GAMMA) - 1e-9)}; see {@link LatencyBuckets#index} for the rounding and SQL.
     */
    public static int bucketIndex(double valueMs) {
        return LatencyBuckets.index(valueMs);
    }

    /** The non-empty buckets' indexes, ascending (a copy). */
    public int[] indexes() {
        return indexes.clone();
    }

    /** The non-empty buckets' counts, in the order of {@link #indexes()} (a copy). */
    public long[] counts() {
        return counts.clone();
    }

    /** How many latencies were at or below {@link LatencyBuckets#ZERO_THRESHOLD_MS}. */
    public long zeroCount() {
        return zeroCount;
    }

    /** How many latencies in all, zeros included. */
    public long count() {
        return count;
    }

    /** The histogram of both data sets: counts of equal buckets added. */
    public LatencyHistogram merge(LatencyHistogram other) {
        return new Builder().add(this).add(other).build();
    }

    /**
     * The estimated {@code q}-quantile: the reported value of the bucket that holds the value of rank
     * {@code max(1, ceil(q * count()))} (1-based, ascending; the lower "nearest rank" definition), or 0 if
     * that value counted as zero. Within {@link LatencyBuckets#RELATIVE_ACCURACY} (+2e-11) relative error of
     * the exact nearest-rank value of the data, for data above {@link LatencyBuckets#ZERO_THRESHOLD_MS} or zero.
     *
     * @param q in [0, 1]; 0 gives the minimum's bucket, 1 the maximum's
     * @return empty for an empty histogram
     */
    public OptionalDouble quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1], not " + q);
        }
        if (count == 0) {
            return OptionalDouble.empty();
        }
        long rank = Math.max(1, (long) Math.ceil(q * count));
        if (rank <= zeroCount) {
            return OptionalDouble.of(0);
        }
        long seen = zeroCount;
        for (int i = 0; i < indexes.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return OptionalDouble.of(LatencyBuckets.reportedValue(indexes[i]));
            }
        }
        // ceil(q * count) <= count for q <= 1, so the last bucket always holds the rank.
        throw new IllegalStateException("rank " + rank + " beyond count " + count);
    }

    /**
     * The estimates of {@link #quantile} for every one of {@code qs}, in one pass over the buckets; 0 for each when
     * the histogram is empty.
     *
     * @param qs quantiles in [0, 1], ascending
     */
    public double[] quantiles(double... qs) {
        double[] values = new double[qs.length];
        if (count == 0) {
            return values;
        }
        long seen = zeroCount;
        int bucket = -1;
        for (int k = 0; k < qs.length; k++) {
            if (!(qs[k] >= 0 && qs[k] <= 1) || (k > 0 && qs[k] < qs[k - 1])) {
                throw new IllegalArgumentException("quantiles must be in [0, 1] and ascending, not "
                        + Arrays.toString(qs));
            }
            long rank = Math.max(1, (long) Math.ceil(qs[k] * count));
            if (rank <= zeroCount) {
                values[k] = 0;
                continue;
            }
            while (seen < rank) {
                seen += counts[++bucket];
            }
            values[k] = LatencyBuckets.reportedValue(indexes[bucket]);
        }
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyHistogram h && zeroCount == h.zeroCount && Arrays.equals(indexes, h.indexes)
                && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(zeroCount) * 31 + Arrays.hashCode(indexes)) * 31 + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "LatencyHistogram[count=" + count + ", zeroCount=" + zeroCount + ", indexes="
                + Arrays.toString(indexes) + ", counts=" + Arrays.toString(counts) + "]";
    }

    /**
     * Collects latencies, one at a time or a whole histogram at a time, for {@link #build()}. Adding is a
     * logarithm and an array increment: the counts live in a dense array over the range of indexes seen
     * so far (a few hundred buckets span 1 µs to an hour), grown as needed. Not thread-safe.
     */
    public static final class Builder {

        private long[] counts = new long[0];
        private int firstIndex;
        private long zeroCount;
        /**
         * A histogram added whole to an empty builder, kept as it is until anything else is added: a usage cell
         * made of one stored row (the common case when reading hourly rollups) then needs no dense array.
         */
        private LatencyHistogram only;

        /**
         * Counts one latency: at or below {@link LatencyBuckets#ZERO_THRESHOLD_MS} (-0.0 included) as zero,
         * otherwise in its bucket.
         *
         * @throws IllegalArgumentException for a negative, NaN or infinite value, naming it
         */
        public Builder add(double valueMs) {
            boolean zero = LatencyBuckets.isZero(valueMs);
            spill();
            if (zero) {
                zeroCount++;
            } else {
                int index = LatencyBuckets.index(valueMs);
                cover(index);
                counts[index - firstIndex]++;
            }
            return this;
        }

        /** Adds every count of {@code histogram}. */
        public Builder add(LatencyHistogram histogram) {
            if (only == null && counts.length == 0 && zeroCount == 0) {
                only = histogram;
                return this;
            }
            spill();
            addCounts(histogram);
            return this;
        }

        /** Moves a histogram kept whole into the dense counts. */
        private void spill() {
            if (only != null) {
                LatencyHistogram kept = only;
                only = null;
                addCounts(kept);
            }
        }

        private void addCounts(LatencyHistogram histogram) {
            zeroCount = Math.addExact(zeroCount, histogram.zeroCount);
            for (int i = 0; i < histogram.indexes.length; i++) {
                int index = histogram.indexes[i];
                cover(index);
                counts[index - firstIndex] = Math.addExact(counts[index - firstIndex], histogram.counts[i]);
            }
        }

        public LatencyHistogram build() {
            if (only != null) {
                return only;
            }
            int buckets = 0;
            long total = zeroCount;
            for (long c : counts) {
                buckets += c > 0 ? 1 : 0;
                total = Math.addExact(total, c);
            }
            if (total == 0) {
                return EMPTY;
            }
            int[] indexes = new int[buckets];
            long[] nonEmpty = new long[buckets];
            int next = 0;
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    indexes[next] = firstIndex + i;
                    nonEmpty[next++] = counts[i];
                }
            }
            return new LatencyHistogram(indexes, nonEmpty, zeroCount, total);
        }

        /** Grows the array, with room to spare on the side it grows, until it covers {@code index}. */
        private void cover(int index) {
            int end = firstIndex + counts.length;
            if (counts.length > 0 && index >= firstIndex && index < end) {
                return;
            }
            int slack = Math.max(32, counts.length);
            int low = counts.length == 0 ? index - slack : Math.min(firstIndex, index - slack);
            int high = counts.length == 0 ? index + slack : Math.max(end, index + slack);
            low = Math.max(low, LatencyBuckets.MIN_INDEX);
            high = Math.min(high, LatencyBuckets.MAX_INDEX + 1);
            long[] grown = new long[high - low];
            if (counts.length > 0) {
                System.arraycopy(counts, 0, grown, firstIndex - low, counts.length);
            }
            counts = grown;
            firstIndex = low;
        }
    }
}
