package org.llmobservatory.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.pool.DirectConnections;
import org.llmobservatory.storage.repository.TimeRange;
import org.llmobservatory.storage.repository.UsageDimension;
import org.llmobservatory.storage.repository.UsageQuery;
import org.llmobservatory.storage.repository.UsageRow;

/**
 * How far the rollups' percentile estimates are from the exact values: usage by model over a window from the
 * rollups, against PostgreSQL's {@code percentile_disc} (the exact nearest-rank value the histograms estimate) over
 * the same spans. Reports the worst relative error of p50, p95 and p99 over all models.
 */
final class RollupAccuracy {

    private static final String EXACT = """
            SELECT model, percentile_disc(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY duration_ms) AS p
              FROM spans
             WHERE project_id = ? AND start_time >= ? AND start_time < ? AND model IS NOT NULL
             GROUP BY model""";

    private RollupAccuracy() {
    }

    /** The worst relative error, as a fraction (0.01 is 1%). */
    static double worstRelativeError(Storage storage, String project, Instant from, Instant to) throws SQLException {
        UsageQuery q = UsageQuery.of(project, TimeRange.of(from, to), UsageDimension.MODEL);
        if (!q.fromRollups()) {
            throw new IllegalStateException("usage by model over a window is expected to come from the rollups");
        }
        Map<String, UsageRow> estimated = new HashMap<>();
        for (UsageRow row : storage.traceRepository().usage(q)) {
            estimated.put(row.key(), row);
        }
        double worst = 0;
        try (Connection c = DirectConnections.to(storage.config()).getConnection(); PreparedStatement ps = c.prepareStatement(EXACT)) {
            ps.setString(1, project);
            ps.setObject(2, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            ps.setObject(3, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UsageRow row = estimated.get(rs.getString("model"));
                    if (row == null) {
                        throw new IllegalStateException("the rollups have no usage of model " + rs.getString(1));
                    }
                    Array p = rs.getArray("p");
                    Double[] exact = (Double[]) p.getArray();
                    double[] estimate = {row.p50LatencyMs(), row.p95LatencyMs(), row.p99LatencyMs()};
                    for (int i = 0; i < exact.length; i++) {
                        worst = Math.max(worst, Math.abs(estimate[i] - exact[i]) / exact[i]);
                    }
                }
            }
        }
        return worst;
    }
}
