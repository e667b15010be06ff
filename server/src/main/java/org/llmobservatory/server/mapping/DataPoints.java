package org.llmobservatory.server.mapping;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.llmobservatory.server.values.AttributeJson;
import org.llmobservatory.server.values.Attributes;
import org.llmobservatory.server.values.ContentLimits;
import org.llmobservatory.server.values.Rejected;
import org.llmobservatory.server.values.Text;
import org.llmobservatory.server.values.UnixNanos;
import org.llmobservatory.storage.model.MetricPoint;
import org.llmobservatory.storage.model.MetricType;

/**
 * The data points of one metric as metric points. Exponential histograms keep count, sum, min and max
 * (their buckets are not expanded); summaries keep count and sum, and each quantile becomes its own
 * point with a {@code quantile} attribute, as Prometheus exposes them.
 */
public final class DataPoints {

    private static final int NO_RECORDED_VALUE = DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE;

    private final String projectId;
    private final Metric metric;
    private final ResourceContext resource;
    private final Map<String, String> scope;
    private final ContentLimits limits;

    DataPoints(String projectId, Metric metric, ResourceContext resource, Map<String, String> scope,
            ContentLimits limits) {
        this.projectId = projectId;
        this.metric = metric;
        this.resource = resource;
        this.scope = scope;
        this.limits = limits;
    }

    /** The number of data points, or -1 when the metric carries no data at all. */
    static int count(Metric metric) {
        return switch (metric.getDataCase()) {
            case GAUGE -> metric.getGauge().getDataPointsCount();
            case SUM -> metric.getSum().getDataPointsCount();
            case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> metric.getSummary().getDataPointsCount();
            case DATA_NOT_SET -> -1;
        };
    }

    /** The OTLP/JSON field holding the data, for naming a data point's place in the request. */
    static String field(Metric metric) {
        return switch (metric.getDataCase()) {
            case GAUGE -> "gauge";
            case SUM -> "sum";
            case HISTOGRAM -> "histogram";
            case EXPONENTIAL_HISTOGRAM -> "exponentialHistogram";
            case SUMMARY -> "summary";
            case DATA_NOT_SET -> "data";
        };
    }

    /** The metric points for data point {@code index}: none when it has no recorded value. */
    List<MetricPoint> point(int index) {
        if (metric.getName().isBlank()) {
            throw new Rejected("the metric name is empty");
        }
        return switch (metric.getDataCase()) {
            case GAUGE -> number(metric.getGauge().getDataPoints(index), MetricType.GAUGE, null, null);
            case SUM -> number(metric.getSum().getDataPoints(index), MetricType.SUM, metric.getSum().getIsMonotonic(),
                    temporality(metric.getSum().getAggregationTemporalityValue()));
            case HISTOGRAM -> histogram(metric.getHistogram().getDataPoints(index),
                    temporality(metric.getHistogram().getAggregationTemporalityValue()));
            case EXPONENTIAL_HISTOGRAM -> exponential(metric.getExponentialHistogram().getDataPoints(index),
                    temporality(metric.getExponentialHistogram().getAggregationTemporalityValue()));
            case SUMMARY -> summary(metric.getSummary().getDataPoints(index));
            case DATA_NOT_SET -> List.of();
        };
    }

    private List<MetricPoint> number(NumberDataPoint p, MetricType type, Boolean monotonic, String temporality) {
        if (noValue(p.getFlags())) {
            return List.of();
        }
        double value = switch (p.getValueCase()) {
            case AS_DOUBLE -> p.getAsDouble();
            case AS_INT -> p.getAsInt();
            case VALUE_NOT_SET -> throw new Rejected("the data point has neither asDouble nor asInt");
        };
        return List.of(point(type, p.getAttributesList(), p.getStartTimeUnixNano(), p.getTimeUnixNano(), value,
                monotonic, temporality, null, null, null, null, null, null));
    }

    private List<MetricPoint> histogram(HistogramDataPoint p, String temporality) {
        if (noValue(p.getFlags())) {
            return List.of();
        }
        int bounds = p.getExplicitBoundsCount();
        if (p.getBucketCountsCount() > 0 && p.getBucketCountsCount() != bounds + 1) {
            throw new Rejected("the data point has " + p.getBucketCountsCount() + " bucket counts for " + bounds
                    + " explicit bounds; expected " + (bounds + 1));
        }
        return List.of(point(MetricType.HISTOGRAM, p.getAttributesList(), p.getStartTimeUnixNano(),
                p.getTimeUnixNano(), null, null, temporality, count(p.getCount()), p.hasSum() ? p.getSum() : null,
                p.hasMin() ? p.getMin() : null, p.hasMax() ? p.getMax() : null,
                p.getBucketCountsList().stream().mapToLong(Long::longValue).toArray(),
                p.getExplicitBoundsList().stream().mapToDouble(Double::doubleValue).toArray()));
    }

    private List<MetricPoint> exponential(ExponentialHistogramDataPoint p, String temporality) {
        if (noValue(p.getFlags())) {
            return List.of();
        }
        return List.of(point(MetricType.EXPONENTIAL_HISTOGRAM, p.getAttributesList(), p.getStartTimeUnixNano(),
                p.getTimeUnixNano(), null, null, temporality, count(p.getCount()), p.hasSum() ? p.getSum() : null,
                p.hasMin() ? p.getMin() : null, p.hasMax() ? p.getMax() : null, null, null));
    }

    private List<MetricPoint> summary(SummaryDataPoint p) {
        if (noValue(p.getFlags())) {
            return List.of();
        }
        List<MetricPoint> points = new ArrayList<>();
        points.add(point(MetricType.SUMMARY, p.getAttributesList(), p.getStartTimeUnixNano(), p.getTimeUnixNano(),
                null, null, null, count(p.getCount()), p.getSum(), null, null, null, null));
        for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
            List<KeyValue> attributes = new ArrayList<>(p.getAttributesList());
            attributes.add(KeyValue.newBuilder().setKey("quantile")
                    .setValue(AnyValue.newBuilder().setDoubleValue(q.getQuantile())).build());
            points.add(point(MetricType.SUMMARY, attributes, p.getStartTimeUnixNano(), p.getTimeUnixNano(),
                    q.getValue(), null, null, null, null, null, null, null, null));
        }
        return points;
    }

    private MetricPoint point(MetricType type, List<KeyValue> attributes, long startNanos, long timeNanos,
            Double value, Boolean monotonic, String temporality, Long count, Double sum, Double min, Double max,
            long[] bucketCounts, double[] explicitBounds) {
        int maxAttribute = limits.maxAttributeBytes();
        Instant time = UnixNanos.required("timeUnixNano", timeNanos);
        return new MetricPoint(projectId, null, Text.limit(metric.getName(), maxAttribute), type,
                emptyToNull(Text.limit(metric.getUnit(), maxAttribute)),
                emptyToNull(Text.limit(metric.getDescription(), maxAttribute)), resource.serviceName(),
                AttributeJson.object(Attributes.of(attributes).withDefaults(scope), maxAttribute), resource.json(),
                UnixNanos.optional("startTimeUnixNano", startNanos), time, value, monotonic, temporality, count, sum,
                min, max, bucketCounts, explicitBounds);
    }

    private static boolean noValue(int flags) {
        return (flags & NO_RECORDED_VALUE) != 0;
    }

    private static Long count(long unsigned) {
        if (unsigned < 0) {
            throw new Rejected("count " + Long.toUnsignedString(unsigned) + " does not fit a 64-bit signed integer");
        }
        return unsigned;
    }

    private static String temporality(int value) {
        return switch (value) {
            case 1 -> "delta";
            case 2 -> "cumulative";
            default -> null;
        };
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
