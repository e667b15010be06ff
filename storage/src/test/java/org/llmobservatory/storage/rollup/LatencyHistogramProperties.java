package org.llmobservatory.storage.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;

/**
 * The histogram against the data it counts. Merging is associative and commutative, and the merge of the
 * histograms of any two parts of a data set is exactly the histogram of the whole. Every quantile is
 * within 1% of the exact lower nearest-rank value (rank {@code max(1, ceil(q * n))}, 1-based) on uniform,
 * heavy-tailed, constant, sub-millisecond, zero-laden and bucket-boundary data of 1 to 3000 values.
 */
class LatencyHistogramProperties {

    /** The documented bound: alpha, plus the 2e-11 that the index offset adds, plus room for rounding. */
    private static final double BOUND = LatencyBuckets.RELATIVE_ACCURACY + 3e-11;

    @Property
    void quantiles_of_uniform_data(@ForAll("uniform") List<Double> data,
            @ForAll @DoubleRange(max = 1) @Scale(6) double q) {
        quantilesWithinOnePercent(data, q);
    }

    @Property
    void quantiles_of_heavy_tailed_data(@ForAll("heavyTailed") List<Double> data,
            @ForAll @DoubleRange(max = 1) @Scale(6) double q) {
        quantilesWithinOnePercent(data, q);
    }

    @Property
    void quantiles_of_one_repeated_value(@ForAll("repeated") List<Double> data,
            @ForAll @DoubleRange(max = 1) @Scale(6) double q) {
        quantilesWithinOnePercent(data, q);
    }

    @Property
    void quantiles_of_sub_millisecond_data(@ForAll("subMillisecond") List<Double> data,
            @ForAll @DoubleRange(max = 1) @Scale(6) double q) {
        quantilesWithinOnePercent(data, q);
    }

    @Property
    void quantiles_of_data_with_zeros(@ForAll("withZeros") List<Double> data,
            @ForAll @DoubleRange(max = 1) @Scale(6) double q) {
        quantilesWithinOnePercent(data, q);
    }

    @Property
    void quantiles_of_values_on_bucket_boundaries(@ForAll("onBoundaries") List<Double> data,
            @ForAll @DoubleRange(max = 1) @Scale(6) double q) {
        quantilesWithinOnePercent(data, q);
    }

    @Property
    void merging_is_commutative(@ForAll("any") List<Double> a, @ForAll("any") List<Double> b) {
        assertThat(histogram(a).merge(histogram(b))).isEqualTo(histogram(b).merge(histogram(a)));
    }

    @Property
    void merging_is_associative(@ForAll("any") List<Double> a, @ForAll("any") List<Double> b,
            @ForAll("any") List<Double> c) {
        LatencyHistogram x = histogram(a);
        LatencyHistogram y = histogram(b);
        LatencyHistogram z = histogram(c);

        assertThat(x.merge(y).merge(z)).isEqualTo(x.merge(y.merge(z)));
    }

    @Property(tries = 500)
    void the_merge_of_two_parts_is_the_histogram_of_the_whole(@ForAll("split") List<Tuple2<Double, Boolean>> data) {
        List<Double> whole = data.stream().map(Tuple2::get1).toList();
        List<Double> first = data.stream().filter(Tuple2::get2).map(Tuple2::get1).toList();
        List<Double> second = data.stream().filter(t -> !t.get2()).map(Tuple2::get1).toList();

        LatencyHistogram merged = histogram(first).merge(histogram(second));

        assertThat(merged).isEqualTo(histogram(whole));
        assertThat(merged.count()).isEqualTo(whole.size());
        assertThat(new LatencyHistogram.Builder().add(histogram(first)).add(histogram(second)).build())
                .isEqualTo(merged);
    }

    @Property
    void quantiles_in_one_pass_are_the_quantiles_one_at_a_time(@ForAll("any") List<Double> data) {
        LatencyHistogram h = histogram(data);
        double[] qs = {0, 0.001, 0.25, 0.5, 0.5, 0.95, 0.99, 0.999, 1};

        double[] together = h.quantiles(qs);

        for (int k = 0; k < qs.length; k++) {
            assertThat(together[k]).as("q=%s", qs[k]).isEqualTo(h.quantile(qs[k]).orElse(0));
        }
    }

    @Property
    void the_storage_form_round_trips(@ForAll("any") List<Double> data) {
        LatencyHistogram h = histogram(data);

        assertThat(LatencyHistogram.of(h.indexes(), h.counts(), h.zeroCount())).isEqualTo(h);
        assertThat(HistogramBytes.decode(HistogramBytes.encode(h))).isEqualTo(h);
        assertThat(h.count()).isEqualTo(data.size());
    }

    private static void quantilesWithinOnePercent(List<Double> data, double randomQ) {
        LatencyHistogram histogram = histogram(data);
        List<Double> sorted = new ArrayList<>(data);
        Collections.sort(sorted);
        for (double q : new double[] {0, 0.5, 0.95, 0.99, 1, randomQ}) {
            long rank = Math.max(1, (long) Math.ceil(q * sorted.size()));
            double exact = sorted.get((int) rank - 1);
            double estimate = histogram.quantile(q).orElseThrow();
            if (exact <= LatencyBuckets.ZERO_THRESHOLD_MS) {
                // At or below 1 ns counts as zero, by definition (tiny log-normal values get there).
                assertThat(estimate).as("q=%s of %s values, rank %s", q, sorted.size(), rank).isZero();
            } else {
                assertThat(Math.abs(estimate - exact) / exact)
                        .as("relative error at q=%s of %s values, rank %s: exact %s, estimate %s", q, sorted.size(),
                                rank, exact, estimate)
                        .isLessThanOrEqualTo(BOUND);
            }
        }
    }

    private static LatencyHistogram histogram(List<Double> data) {
        LatencyHistogram.Builder builder = new LatencyHistogram.Builder();
        data.forEach(builder::add);
        return builder.build();
    }

    private static <T> Arbitrary<List<T>> sized(Arbitrary<T> values, int minSize, int maxSize) {
        return values.list().ofMinSize(minSize).ofMaxSize(maxSize).withSizeDistribution(RandomDistribution.uniform());
    }

    @Provide
    Arbitrary<List<Double>> uniform() {
        return sized(Arbitraries.doubles().between(0.001, 120_000).ofScale(6), 1, 3000);
    }

    /** Pareto (scale / u^(1/shape), shapes down to 0.3: means and variances infinite) and log-normal data. */
    @Provide
    Arbitrary<List<Double>> heavyTailed() {
        Arbitrary<Double> unit = Arbitraries.doubles().between(1e-12, 1).ofScale(15);
        Arbitrary<List<Double>> pareto = Combinators.combine(Arbitraries.doubles().between(0.3, 3).ofScale(3),
                Arbitraries.doubles().between(0.01, 1000).ofScale(3), sized(unit, 1, 3000))
                .as((shape, scale, us) -> us.stream().map(u -> scale / Math.pow(u, 1 / shape)).toList());
        Arbitrary<List<Double>> logNormal = Combinators.combine(Arbitraries.doubles().between(-3, 8).ofScale(3),
                Arbitraries.doubles().between(0.1, 3).ofScale(3), sized(unit.tuple2(), 1, 3000))
                .as((mu, sigma, pairs) -> pairs.stream().map(p -> Math.exp(mu + sigma * normal(p.get1(), p.get2())))
                        .toList());
        return Arbitraries.oneOf(pareto, logNormal);
    }

    /** A standard normal deviate from two uniform ones (Box-Muller). */
    private static double normal(double u1, double u2) {
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    @Provide
    Arbitrary<List<Double>> repeated() {
        Arbitrary<Double> value = Arbitraries.oneOf(Arbitraries.just(0.0),
                Arbitraries.doubles().between(0.001, 1e7).ofScale(9), onBoundary());
        return Combinators.combine(value, Arbitraries.integers().between(1, 3000))
                .as((v, n) -> Collections.nCopies(n, v));
    }

    @Provide
    Arbitrary<List<Double>> subMillisecond() {
        return sized(Arbitraries.doubles().between(0.001, 1).ofScale(12), 1, 3000);
    }

    /** Each value zero with a probability drawn per data set, from none to all. */
    @Provide
    Arbitrary<List<Double>> withZeros() {
        Arbitrary<Double> value = Arbitraries.doubles().between(0.001, 60_000).ofScale(6);
        return Combinators.combine(Arbitraries.doubles().between(0, 1).ofScale(3),
                sized(Combinators.combine(Arbitraries.doubles().between(0, 1).ofScale(6), value).as(Tuple::of), 1,
                        3000))
                .as((zeroShare, pairs) -> pairs.stream().map(p -> p.get1() < zeroShare ? 0.0 : p.get2()).toList());
    }

    @Provide
    Arbitrary<List<Double>> onBoundaries() {
        return sized(onBoundary(), 1, 3000);
    }

    /** A power of gamma from 1 µs to 3 hours, or its neighbouring double on either side. */
    private static Arbitrary<Double> onBoundary() {
        return Combinators.combine(Arbitraries.integers().between(-345, 800), Arbitraries.integers().between(-1, 1))
                .as((k, step) -> {
                    double power = Math.pow(LatencyBuckets.GAMMA, k);
                    return step < 0 ? Math.nextDown(power) : step > 0 ? Math.nextUp(power) : power;
                });
    }

    /** Any of the kinds above, smaller, and possibly empty. */
    @Provide
    Arbitrary<List<Double>> any() {
        Arbitrary<Double> value = Arbitraries.oneOf(Arbitraries.just(0.0),
                Arbitraries.doubles().between(0, 1e-6).ofScale(12),
                Arbitraries.doubles().between(0.001, 1).ofScale(9), Arbitraries.doubles().between(1, 1e7).ofScale(3),
                onBoundary(), Arbitraries.of(Double.MAX_VALUE, Double.MIN_VALUE, Math.nextUp(1e-6)));
        return sized(value, 0, 300);
    }

    @Provide
    Arbitrary<List<Tuple2<Double, Boolean>>> split() {
        Arbitrary<Double> value = Arbitraries.oneOf(Arbitraries.just(0.0),
                Arbitraries.doubles().between(0.001, 1e6).ofScale(9), onBoundary());
        return sized(value, 1, 3000).flatMap(values -> Arbitraries.oneOf(
                // Halves: the first k values and the rest.
                Arbitraries.integers().between(0, values.size()).map(k -> mark(values, i -> i < k)),
                // Any two parts.
                Arbitraries.of(true, false).list().ofSize(values.size()).map(marks -> mark(values, marks::get))));
    }

    private static List<Tuple2<Double, Boolean>> mark(List<Double> values, java.util.function.IntPredicate first) {
        List<Tuple2<Double, Boolean>> marked = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            marked.add(Tuple.of(values.get(i), first.test(i)));
        }
        return marked;
    }
}
