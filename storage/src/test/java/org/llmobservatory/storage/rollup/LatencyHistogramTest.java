package org.llmobservatory.storage.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The histogram's storage form, its refusals, the empty histogram and a few quantiles worked by hand. */
class LatencyHistogramTest {

    @Test
    void the_storage_form_round_trips() {
        LatencyHistogram histogram = LatencyHistogram.of(0, 0, 1e-7, 0.001, 0.5, 1, 1, 1, 250, 250.1, 3_600_000,
                Double.MAX_VALUE);

        LatencyHistogram read = LatencyHistogram.of(histogram.indexes(), histogram.counts(), histogram.zeroCount());

        assertThat(read).isEqualTo(histogram).hasSameHashCodeAs(histogram);
        assertThat(read.count()).isEqualTo(12);
        assertThat(histogram.zeroCount()).isEqualTo(3);
        assertThat(histogram.indexes()).isSorted().doesNotHaveDuplicates()
                .containsExactly(-345, -34, 0, LatencyHistogram.bucketIndex(250), LatencyHistogram.bucketIndex(3_600_000),
                        LatencyBuckets.MAX_INDEX);
        assertThat(histogram.counts()).containsExactly(1, 1, 3, 2, 1, 1);
    }

    @Test
    void the_storage_form_is_a_copy_both_ways() {
        int[] indexes = {1, 2};
        long[] counts = {3, 4};
        LatencyHistogram histogram = LatencyHistogram.of(indexes, counts, 0);
        indexes[0] = 0;
        counts[0] = 99;
        histogram.indexes()[1] = 7;
        histogram.counts()[1] = 7;

        assertThat(histogram.indexes()).containsExactly(1, 2);
        assertThat(histogram.counts()).containsExactly(3, 4);
    }

    @Test
    void invalid_storage_forms_are_refused_saying_what_is_wrong() {
        refused(new int[] {1, 2}, new long[] {1}, 0, "indexes and counts differ in length: 2 indexes, 1 counts");
        refused(new int[] {1, 3, 2}, new long[] {1, 1, 1}, 0,
                "indexes must be strictly ascending, but index 2 at position 2 follows 3");
        refused(new int[] {5, 5}, new long[] {1, 1}, 0,
                "indexes must be strictly ascending, but index 5 at position 1 follows 5");
        refused(new int[] {1, 2}, new long[] {1, 0}, 0,
                "count must be > 0, not 0 at position 1 (index 2); empty buckets are left out");
        refused(new int[] {1}, new long[] {-3}, 0, "count must be > 0, not -3 at position 0");
        refused(new int[0], new long[0], -1, "zero count must be >= 0, not -1");
        refused(new int[] {-691}, new long[] {1}, 0, "index -691 at position 0 is outside [-690, 35488]");
        refused(new int[] {35489}, new long[] {1}, 0, "index 35489 at position 0 is outside [-690, 35488]");
        assertThatThrownBy(() -> LatencyHistogram.of(new int[] {1, 2}, new long[] {Long.MAX_VALUE, 1}, 0))
                .isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> LatencyHistogram.of(null, new long[0], 0)).hasMessage("indexes");
        assertThatThrownBy(() -> LatencyHistogram.of(new int[0], null, 0)).hasMessage("counts");
    }

    private static void refused(int[] indexes, long[] counts, long zeroCount, String message) {
        assertThatThrownBy(() -> LatencyHistogram.of(indexes, counts, zeroCount))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @Test
    void invalid_latencies_are_refused_and_leave_the_builder_as_it_was() {
        LatencyHistogram.Builder builder = new LatencyHistogram.Builder().add(5);

        assertThatThrownBy(() -> builder.add(-0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a latency must be a finite number of milliseconds >= 0, not -0.5");
        assertThatThrownBy(() -> builder.add(Double.NaN)).hasMessageEndingWith("not NaN");
        assertThatThrownBy(() -> builder.add(Double.POSITIVE_INFINITY)).hasMessageEndingWith("not Infinity");
        assertThatThrownBy(() -> LatencyHistogram.of(1, Double.NEGATIVE_INFINITY))
                .hasMessageEndingWith("not -Infinity");

        assertThat(builder.build()).isEqualTo(LatencyHistogram.of(5));
    }

    @Test
    void the_empty_histogram_has_no_quantiles() {
        LatencyHistogram empty = LatencyHistogram.empty();

        assertThat(empty.count()).isZero();
        assertThat(empty.zeroCount()).isZero();
        assertThat(empty.indexes()).isEmpty();
        assertThat(empty.counts()).isEmpty();
        assertThat(empty.quantile(0.5)).isEqualTo(OptionalDouble.empty());
        assertThat(empty.quantile(0)).isEmpty();
        assertThat(empty.quantile(1)).isEmpty();
        assertThat(new LatencyHistogram.Builder().build()).isEqualTo(empty);
        assertThat(LatencyHistogram.of()).isEqualTo(empty);
        assertThat(LatencyHistogram.of(new int[0], new long[0], 0)).isEqualTo(empty);
        assertThat(empty.merge(empty)).isEqualTo(empty);
        assertThat(LatencyHistogram.of(7).merge(empty)).isEqualTo(LatencyHistogram.of(7));
    }

    @Test
    void quantiles_use_the_lower_nearest_rank() {
        // Ranks: ceil(q * 10) of 1..10 ms, so q = 0.5 is the 5th value, 0.51 the 6th, 0 the first, 1 the last.
        LatencyHistogram histogram = LatencyHistogram.of(10, 9, 8, 7, 6, 5, 4, 3, 2, 1);

        assertThat(histogram.quantile(0).getAsDouble()).isCloseTo(1, within1Percent());
        assertThat(histogram.quantile(0.1).getAsDouble()).isCloseTo(1, within1Percent());
        assertThat(histogram.quantile(0.11).getAsDouble()).isCloseTo(2, within1Percent());
        assertThat(histogram.quantile(0.5).getAsDouble()).isCloseTo(5, within1Percent());
        assertThat(histogram.quantile(0.51).getAsDouble()).isCloseTo(6, within1Percent());
        assertThat(histogram.quantile(0.95).getAsDouble()).isCloseTo(10, within1Percent());
        assertThat(histogram.quantile(1).getAsDouble()).isCloseTo(10, within1Percent());
    }

    @Test
    void zeros_come_first_and_report_zero() {
        LatencyHistogram histogram = LatencyHistogram.of(0, 1e-6, 40, 0);

        assertThat(histogram.zeroCount()).isEqualTo(3);
        assertThat(histogram.quantile(0.75).getAsDouble()).isZero();
        assertThat(histogram.quantile(0.76).getAsDouble()).isCloseTo(40, within1Percent());
    }

    @Test
    void quantiles_outside_zero_to_one_are_refused() {
        LatencyHistogram histogram = LatencyHistogram.of(1);
        for (double q : new double[] {-0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> histogram.quantile(q)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("quantile must be in [0, 1], not " + q);
        }
    }

    @Test
    void merging_adds_the_counts_of_equal_buckets() {
        LatencyHistogram a = LatencyHistogram.of(new int[] {-3, 0, 8}, new long[] {1, 2, 3}, 4);
        LatencyHistogram b = LatencyHistogram.of(new int[] {-5, 0, 9}, new long[] {10, 20, 30}, 40);

        LatencyHistogram merged = a.merge(b);

        assertThat(merged.indexes()).containsExactly(-5, -3, 0, 8, 9);
        assertThat(merged.counts()).containsExactly(10, 1, 22, 3, 30);
        assertThat(merged.zeroCount()).isEqualTo(44);
        assertThat(merged.count()).isEqualTo(110);
        assertThat(new LatencyHistogram.Builder().add(a).add(b).build()).isEqualTo(merged);
    }

    @Test
    void the_builder_grows_both_ways_over_the_whole_index_range() {
        LatencyHistogram.Builder builder = new LatencyHistogram.Builder();
        for (double v : new double[] {100, 0.01, 1e6, Math.nextUp(1e-6), Double.MAX_VALUE, 100}) {
            builder.add(v);
        }

        LatencyHistogram histogram = builder.build();

        assertThat(histogram.indexes()).containsExactly(LatencyBuckets.MIN_INDEX, LatencyHistogram.bucketIndex(0.01),
                231, LatencyHistogram.bucketIndex(1e6), LatencyBuckets.MAX_INDEX);
        assertThat(histogram.counts()).containsExactly(1, 1, 2, 1, 1);
        assertThat(histogram.quantile(1).getAsDouble()).isFinite();
    }

    private static org.assertj.core.data.Percentage within1Percent() {
        return org.assertj.core.data.Percentage.withPercentage(1);
    }
}
