package org.llmobservatory.storage.repository;

import java.time.Duration;

/**
 * A metric's values in the window, aggregated per epoch-aligned bucket of {@code step} (at least 1 s,
 * at most 10,000 buckets), optionally one series per value of the attribute {@code groupBy} and only
 * for one service. Null options are not applied.
 */
public record SeriesQuery(
        String projectId,
        String metricName,
        TimeRange range,
        Duration step,
        Aggregation aggregation,
        String groupBy,
        String serviceName) {

    private static final int MAX_KEY_LENGTH = 256;

    public SeriesQuery {
        QueryLimits.projectId(projectId);
        if (metricName == null || metricName.isBlank()) {
            throw new IllegalArgumentException("metric name is required");
        }
        QueryLimits.range(range);
        QueryLimits.step(step, range);
        if (aggregation == null) {
            throw new IllegalArgumentException("aggregation is required: avg, sum, min, max, count or last");
        }
        groupBy = QueryLimits.filter(groupBy);
        if (groupBy != null && groupBy.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "groupBy attribute key is longer than " + MAX_KEY_LENGTH + " characters");
        }
        serviceName = QueryLimits.filter(serviceName);
    }

    /** The series of {@code metricName}, not grouped, for every service. */
    public static SeriesQuery of(String projectId, String metricName, TimeRange range, Duration step,
            Aggregation aggregation) {
        return new SeriesQuery(projectId, metricName, range, step, aggregation, null, null);
    }

    public SeriesQuery withGroupBy(String attributeKey) {
        return new SeriesQuery(projectId, metricName, range, step, aggregation, attributeKey, serviceName);
    }

    public SeriesQuery withServiceName(String value) {
        return new SeriesQuery(projectId, metricName, range, step, aggregation, groupBy, value);
    }
}
