package org.llmobservatory.storage.model;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One stored metric data point. Gauges and sums carry {@code value}; histograms carry count, sum,
 * min, max, bucket counts and explicit bounds. A series is a metric name plus its attributes and
 * resource; {@code seriesId} is derived from them, so a re-sent point replaces nothing and is stored once.
 */
public record MetricPoint(
        String projectId,
        UUID seriesId,
        String metricName,
        MetricType metricType,
        String unit,
        String description,
        String serviceName,
        String attributes,
        String resourceAttributes,
        Instant startTime,
        Instant time,
        Double value,
        Boolean isMonotonic,
        String temporality,
        Long count,
        Double sum,
        Double min,
        Double max,
        long[] bucketCounts,
        double[] explicitBounds) {

    public MetricPoint {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(metricName, "metricName");
        Objects.requireNonNull(metricType, "metricType");
        Objects.requireNonNull(time, "time");
        attributes = attributes == null ? "{}" : attributes;
        resourceAttributes = resourceAttributes == null ? "{}" : resourceAttributes;
        if (seriesId == null) {
            seriesId = LogRecord.fingerprint(projectId, metricName, metricType, unit, serviceName, attributes,
                    resourceAttributes);
        }
    }

    /** A gauge or sum point with its series id derived from name, attributes and resource. */
    public static MetricPoint number(String projectId, String metricName, MetricType type, String unit,
            String serviceName, String attributes, Instant time, double value) {
        return new MetricPoint(projectId, null, metricName, type, unit, null, serviceName, attributes, null, null,
                time, value, type == MetricType.SUM ? Boolean.TRUE : null, type == MetricType.SUM ? "cumulative" : null,
                null, null, null, null, null, null);
    }

    /** A histogram point with explicit bucket bounds. */
    public static MetricPoint histogram(String projectId, String metricName, String unit, String serviceName,
            String attributes, Instant startTime, Instant time, long count, double sum, Double min, Double max,
            long[] bucketCounts, double[] explicitBounds) {
        return new MetricPoint(projectId, null, metricName, MetricType.HISTOGRAM, unit, null, serviceName,
                attributes, null, startTime, time, null, null, "cumulative", count, sum, min, max, bucketCounts,
                explicitBounds);
    }
}
