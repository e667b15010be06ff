package org.llmobservatory.storage.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/**
 * PostgreSQL computes the same bucket index as Java with {@link LatencyBuckets#SQL_DURATION_INDEX}, on the
 * values where a plain {@code ceil} would be decided by noise (powers of gamma and their neighbours) and on
 * random latencies from 1 µs to hours, and applies the same zero rule; the SQL functions for dashboards read the
 * stored histograms ({@link HistogramBytes}) as Java does.
 */
class LatencyHistogramSqlTest {

    @Test
    void postgresql_and_java_put_every_latency_in_the_same_bucket() throws SQLException {
        List<Double> values = new ArrayList<>();
        for (int k = LatencyBuckets.MIN_INDEX; k < LatencyBuckets.MAX_INDEX; k++) {
            double power = Math.pow(LatencyBuckets.GAMMA, k);
            values.addAll(
                    List.of(power, Math.nextUp(power), Math.nextDown(power), Math.exp(k * LatencyBuckets.LN_GAMMA)));
        }
        Random random = new Random(12);
        for (int i = 0; i < 100_000; i++) {
            values.add(Math.pow(10, -3 + 10 * random.nextDouble()));
            values.add(random.nextLong(1, 10_000_000_000L) / 1_000_000.0); // a duration in whole nanoseconds
        }

        String sql = "SELECT duration_ms, " + LatencyBuckets.SQL_DURATION_INDEX
                + " FROM unnest(?::double precision[]) WITH ORDINALITY AS t(duration_ms, n) ORDER BY n";
        List<String> disagreements = new ArrayList<>();
        try (Connection c = TestServers.freshDatabase().connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("float8", values.toArray(Double[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                for (double sent : values) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getDouble(1)).as("the value PostgreSQL received").isEqualTo(sent);
                    int java = LatencyHistogram.bucketIndex(sent);
                    if (rs.getInt(2) != java) {
                        disagreements.add(sent + ": SQL " + rs.getInt(2) + ", Java " + java);
                    }
                }
            }
        }
        assertThat(disagreements).as("of %s values", values.size()).isEmpty();
    }

    @Test
    void postgresql_counts_the_same_latencies_as_zero() throws SQLException {
        double[] values = {0, 1e-7, 1e-6, Math.nextUp(1e-6), 0.001};
        String sql = "SELECT duration_ms <= " + LatencyBuckets.ZERO_THRESHOLD_MS
                + " FROM unnest(?::double precision[])"
                + " WITH ORDINALITY AS t(duration_ms, n) ORDER BY n";
        try (Connection c = TestServers.freshDatabase().connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            Double[] boxed = java.util.Arrays.stream(values).boxed().toArray(Double[]::new);
            ps.setArray(1, c.createArrayOf("float8", boxed));
            try (ResultSet rs = ps.executeQuery()) {
                for (double v : values) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBoolean(1)).as("%s ms counts as zero", v).isEqualTo(LatencyBuckets.isZero(v));
                }
            }
        }
    }

    @Test
    void the_sql_functions_read_the_stored_histograms_as_java_does() throws SQLException {
        Random random = new Random(7);
        List<LatencyHistogram> histograms = new ArrayList<>(List.of(LatencyHistogram.empty(),
                LatencyHistogram.of(0, 0, 0), LatencyHistogram.of(Math.nextUp(LatencyBuckets.ZERO_THRESHOLD_MS)),
                LatencyHistogram.of(Double.MAX_VALUE, 1e300, 0)));
        for (int h = 0; h < 200; h++) {
            LatencyHistogram.Builder b = new LatencyHistogram.Builder();
            int n = random.nextInt(2_000);
            for (int i = 0; i < n; i++) {
                b.add(random.nextInt(20) == 0 ? 0 : Math.exp(random.nextGaussian() * 4));
            }
            histograms.add(b.build());
        }
        TestDatabase db = TestServers.freshDatabase();
        try (StoragePool pool = db.migratedPool(); Connection c = pool.connection(); PreparedStatement ps =
                c.prepareStatement("SELECT bucket, requests, usage_latency_ms(bucket)"
                        + " FROM usage_latency_buckets(?) ORDER BY bucket NULLS FIRST")) {
            for (LatencyHistogram h : histograms) {
                ps.setBytes(1, HistogramBytes.encode(h));
                LatencyHistogram.Builder read = new LatencyHistogram.Builder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int bucket = rs.getInt(1);
                        boolean zero = rs.wasNull();
                        long requests = rs.getLong(2);
                        if (zero) {
                            assertThat(rs.getDouble(3)).isZero();
                            read.add(LatencyHistogram.of(new int[0], new long[0], requests));
                        } else {
                            assertThat(rs.getDouble(3)).as("bucket %s", bucket)
                                    .isCloseTo(LatencyBuckets.reportedValue(bucket),
                                            org.assertj.core.api.Assertions.withinPercentage(1e-10));
                            read.add(LatencyHistogram.of(new int[] {bucket}, new long[] {requests}, 0));
                        }
                    }
                }
                assertThat(read.build()).isEqualTo(h);
            }
        }
    }

    @Test
    void the_sql_quantile_of_several_histograms_is_the_quantile_of_their_merge() throws SQLException {
        Random random = new Random(8);
        TestDatabase db = TestServers.freshDatabase();
        try (StoragePool pool = db.migratedPool(); Connection c = pool.connection(); PreparedStatement ps =
                c.prepareStatement("SELECT usage_latency_quantile(?::bytea[], ?)")) {
            for (int set = 0; set < 60; set++) {
                List<byte[]> stored = new ArrayList<>();
                LatencyHistogram.Builder merged = new LatencyHistogram.Builder();
                int parts = random.nextInt(5);
                for (int p = 0; p < parts; p++) {
                    LatencyHistogram.Builder b = new LatencyHistogram.Builder();
                    for (int i = random.nextInt(300); i > 0; i--) {
                        b.add(random.nextInt(10) == 0 ? 0 : Math.exp(3 + random.nextGaussian() * 2));
                    }
                    stored.add(HistogramBytes.encode(b.build()));
                    merged.add(b.build());
                }
                LatencyHistogram expected = merged.build();
                for (double q : new double[] {0, 0.001, 0.5, 0.95, 0.99, 1}) {
                    ps.setArray(1, c.createArrayOf("bytea", stored.toArray(new byte[0][])));
                    ps.setDouble(2, q);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        double sql = rs.getDouble(1);
                        if (expected.count() == 0) {
                            assertThat(rs.wasNull()).as("the quantile of nothing").isTrue();
                        } else {
                            assertThat(sql).as("q=%s of %s", q, expected).isCloseTo(
                                    expected.quantile(q).orElseThrow(),
                                    org.assertj.core.api.Assertions.withinPercentage(1e-10));
                        }
                    }
                }
            }
        }
    }
}
