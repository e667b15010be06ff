package org.llmobservatory.storage.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.llmobservatory.storage.rollup.LatencyBuckets.GAMMA;
import static org.llmobservatory.storage.rollup.LatencyBuckets.LN_GAMMA;

import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bucket of a latency: constants pinned (stored indexes depend on them) and boundaries stable. */
class LatencyHistogramBucketsTest {

    /** Ways of computing GAMMA^k that differ in the last bits, as SQL, Java or a test might compute it. */
    private static final List<IntToDoubleFunction> POWERS_OF_GAMMA = List.of(
            k -> Math.pow(GAMMA, k),
            k -> StrictMath.pow(GAMMA, k),
            k -> Math.exp(k * LN_GAMMA),
            k -> StrictMath.exp(k * Math.log(GAMMA)));

    @Test
    void the_constants_that_stored_indexes_depend_on_are_pinned() {
        assertThat(LatencyBuckets.RELATIVE_ACCURACY).isEqualTo(0.01);
        assertThat(GAMMA).isEqualTo(1.02020202020202);
        assertThat(LN_GAMMA).isEqualTo(0.020000666706669435);
        assertThat(LatencyBuckets.INDEX_OFFSET).isEqualTo(1e-9);
        assertThat(LatencyBuckets.ZERO_THRESHOLD_MS).isEqualTo(1e-6);
        assertThat(LatencyBuckets.MIN_INDEX).isEqualTo(-690);
        assertThat(LatencyBuckets.MAX_INDEX).isEqualTo(35488);
        assertThat(LatencyBuckets.SQL_DURATION_INDEX)
                .isEqualTo("ceil(ln(duration_ms) / 0.020000666706669435 - 1.0E-9)::integer");
        assertThat(LatencyHistogram.GAMMA).isEqualTo(GAMMA);
    }

    @Test
    void the_index_is_ceil_of_log_base_gamma() {
        assertThat(LatencyHistogram.bucketIndex(1)).isZero();
        assertThat(LatencyHistogram.bucketIndex(1.01)).isEqualTo(1);
        assertThat(LatencyHistogram.bucketIndex(0.99)).isEqualTo(0);
        assertThat(LatencyHistogram.bucketIndex(100)).isEqualTo((int) Math.ceil(Math.log(100) / Math.log(GAMMA)));
        assertThat(LatencyHistogram.bucketIndex(0.001)).isEqualTo(-345);
        assertThat(LatencyHistogram.bucketIndex(3_600_000)).isEqualTo(755);
    }

    @Test
    void a_value_on_a_power_of_gamma_however_computed_is_in_that_bucket() {
        // Without the 1e-9 offset, 260 of these k put Math.pow(GAMMA, k) in bucket k + 1: ln(v) / LN_GAMMA
        // comes out a few ulps above k. With it, every way of computing GAMMA^k lands in bucket k.
        for (int k = LatencyBuckets.MIN_INDEX; k <= LatencyBuckets.MAX_INDEX - 1; k++) {
            for (IntToDoubleFunction power : POWERS_OF_GAMMA) {
                double onBoundary = power.applyAsDouble(k);
                assertThat(LatencyHistogram.bucketIndex(onBoundary)).as("GAMMA^%d = %s", k, onBoundary).isEqualTo(k);
                assertThat(LatencyHistogram.bucketIndex(Math.nextUp(onBoundary))).as("just above GAMMA^%d", k)
                        .isEqualTo(k);
                assertThat(LatencyHistogram.bucketIndex(Math.nextDown(onBoundary))).as("just below GAMMA^%d", k)
                        .isEqualTo(k);
            }
        }
    }

    @Test
    void noise_stays_in_the_bucket_and_a_real_step_moves_to_the_next() {
        for (int k = LatencyBuckets.MIN_INDEX + 1; k <= 2000; k++) {
            double boundary = Math.pow(GAMMA, k);
            assertThat(LatencyHistogram.bucketIndex(boundary * (1 + 1e-12))).as("1e-12 above GAMMA^%d", k).isEqualTo(k);
            assertThat(LatencyHistogram.bucketIndex(boundary * (1 - 1e-12))).as("1e-12 below GAMMA^%d", k).isEqualTo(k);
            assertThat(LatencyHistogram.bucketIndex(boundary * (1 + 1e-8))).as("1e-8 above GAMMA^%d", k)
                    .isEqualTo(k + 1);
            assertThat(LatencyHistogram.bucketIndex(boundary * (1 - 1e-8))).as("1e-8 below GAMMA^%d", k).isEqualTo(k);
        }
    }

    @Test
    void every_value_in_a_bucket_is_within_one_percent_of_what_it_reports() {
        for (int k = LatencyBuckets.MIN_INDEX + 1; k <= LatencyBuckets.MAX_INDEX - 1; k++) {
            double reported = LatencyBuckets.reportedValue(k);
            // The bucket's bounds, moved 1e-10 inwards: the boundaries themselves are where noise decides.
            double lowest = Math.pow(GAMMA, k - 1 + LatencyBuckets.INDEX_OFFSET) * (1 + 1e-10);
            double highest = Math.pow(GAMMA, k + LatencyBuckets.INDEX_OFFSET) * (1 - 1e-10);
            assertThat(LatencyHistogram.bucketIndex(lowest)).isEqualTo(k);
            assertThat(LatencyHistogram.bucketIndex(highest)).isEqualTo(k);
            assertThat(Math.abs(reported - lowest) / lowest).as("bucket %d, lowest", k)
                    .isLessThanOrEqualTo(0.01 + 3e-11);
            assertThat(Math.abs(reported - highest) / highest).as("bucket %d, highest", k)
                    .isLessThanOrEqualTo(0.01 + 3e-11);
        }
        assertThat(LatencyBuckets.reportedValue(LatencyBuckets.MAX_INDEX)).isFinite();
        assertThat(LatencyBuckets.reportedValue(LatencyBuckets.MIN_INDEX)).isPositive();
    }

    @Test
    void one_nanosecond_and_less_count_as_zero() {
        assertThat(LatencyBuckets.isZero(0)).isTrue();
        assertThat(LatencyBuckets.isZero(-0.0)).isTrue();
        assertThat(LatencyBuckets.isZero(1e-6)).isTrue();
        assertThat(LatencyBuckets.isZero(Double.MIN_VALUE)).isTrue();
        assertThat(LatencyBuckets.isZero(Math.nextUp(1e-6))).isFalse();
        assertThat(LatencyHistogram.bucketIndex(Math.nextUp(1e-6))).isEqualTo(LatencyBuckets.MIN_INDEX);
        assertThat(LatencyHistogram.bucketIndex(Double.MAX_VALUE)).isEqualTo(LatencyBuckets.MAX_INDEX);
        assertThatThrownBy(() -> LatencyHistogram.bucketIndex(1e-6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("counts as zero");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1, -Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void invalid_latencies_are_refused_naming_the_value(double invalid) {
        assertThatThrownBy(() -> LatencyHistogram.bucketIndex(invalid))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(invalid));
        assertThatThrownBy(() -> new LatencyHistogram.Builder().add(invalid))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(invalid));
    }
}
