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
import org.llmobservatory.storage.support.TestServers;

/**
 * PostgreSQL computes the same bucket index as Java with {@link LatencyBuckets#SQL_DURATION_INDEX}, on the
 * values where a plain {@code ceil} would be decided by noise (powers of gamma and their neighbours) and on
 * random latencies from 1 µs to hours, and applies the same zero rule.
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
}
