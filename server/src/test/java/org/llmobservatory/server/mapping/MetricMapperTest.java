package org.llmobservatory.server.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmobservatory.server.support.Otlp.kv;
import static org.llmobservatory.server.support.Otlp.nanos;
import static org.llmobservatory.server.support.Otlp.resource;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.values.ContentLimits;
import org.llmobservatory.storage.model.MetricPoint;
import org.llmobservatory.storage.model.MetricType;

class MetricMapperTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant AT = NOW.minusSeconds(10);
    private static final Instant SINCE = NOW.minusSeconds(3600);
    private static final MetricMapper MAPPER =
            new MetricMapper(ContentLimits.DEFAULT, TimeWindow.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));

    private static ExportMetricsServiceRequest metrics(Metric.Builder... metrics) {
        ScopeMetrics.Builder scope = ScopeMetrics.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("gen_ai.meter"));
        for (Metric.Builder metric : metrics) {
            scope.addMetrics(metric);
        }
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(resource(kv("service.name", "chatbot"))).addScopeMetrics(scope)).build();
    }

    private static NumberDataPoint.Builder number(long value) {
        return NumberDataPoint.newBuilder().setStartTimeUnixNano(nanos(SINCE)).setTimeUnixNano(nanos(AT))
                .setAsInt(value).addAttributes(kv("gen_ai.token.type", "input"));
    }

    private static List<MetricPoint> mapAll(Metric.Builder... metrics) {
        MappedMetrics mapped = MAPPER.map("p1", metrics(metrics));
        assertThat(mapped.rejected()).isEmpty();
        return mapped.points();
    }

    @Test
    void gauges_and_sums_keep_value_monotonicity_temporality_and_their_attributes() {
        List<MetricPoint> points = mapAll(
                Metric.newBuilder().setName("queue.depth").setUnit("{request}").setDescription("waiting")
                        .setGauge(Gauge.newBuilder().addDataPoints(number(0).setAsDouble(3.5))),
                Metric.newBuilder().setName("gen_ai.tokens").setSum(Sum.newBuilder().setIsMonotonic(true)
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                        .addDataPoints(number(120))));

        MetricPoint gauge = points.get(0);
        assertThat(gauge.metricType()).isEqualTo(MetricType.GAUGE);
        assertThat(gauge.value()).isEqualTo(3.5);
        assertThat(gauge.unit()).isEqualTo("{request}");
        assertThat(gauge.description()).isEqualTo("waiting");
        assertThat(gauge.isMonotonic()).isNull();
        assertThat(gauge.temporality()).isNull();
        assertThat(gauge.serviceName()).isEqualTo("chatbot");
        assertThat(gauge.time()).isEqualTo(AT);
        assertThat(gauge.startTime()).isEqualTo(SINCE);
        assertThat(gauge.attributes())
                .isEqualTo("{\"gen_ai.token.type\":\"input\",\"otel.scope.name\":\"gen_ai.meter\"}");
        MetricPoint sum = points.get(1);
        assertThat(sum.metricType()).isEqualTo(MetricType.SUM);
        assertThat(sum.value()).isEqualTo(120.0);
        assertThat(sum.isMonotonic()).isTrue();
        assertThat(sum.temporality()).isEqualTo("delta");
    }

    @Test
    void histograms_keep_count_sum_min_max_buckets_and_bounds() {
        MetricPoint point = mapAll(Metric.newBuilder().setName("gen_ai.client.operation.duration").setUnit("s")
                .setHistogram(Histogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(nanos(AT)).setCount(6)
                                .setSum(4.2).setMin(0.1).setMax(2.0).addAllExplicitBounds(List.of(0.5, 1.0))
                                .addAllBucketCounts(List.of(3L, 2L, 1L))))).getFirst();

        assertThat(point.metricType()).isEqualTo(MetricType.HISTOGRAM);
        assertThat(point.temporality()).isEqualTo("cumulative");
        assertThat(point.count()).isEqualTo(6);
        assertThat(point.sum()).isEqualTo(4.2);
        assertThat(point.min()).isEqualTo(0.1);
        assertThat(point.max()).isEqualTo(2.0);
        assertThat(point.bucketCounts()).containsExactly(3, 2, 1);
        assertThat(point.explicitBounds()).containsExactly(0.5, 1.0);
        assertThat(point.value()).isNull();
        assertThat(point.startTime()).isNull();
    }

    @Test
    void exponential_histograms_keep_count_sum_min_and_max_without_expanding_buckets() {
        MetricPoint point = mapAll(Metric.newBuilder().setName("latency").setExponentialHistogram(
                ExponentialHistogram.newBuilder().setAggregationTemporality(
                        AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA).addDataPoints(
                        ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(nanos(AT)).setCount(4).setSum(10)
                                .setMin(1).setMax(5).setScale(2).setZeroCount(1)))).getFirst();

        assertThat(point.metricType()).isEqualTo(MetricType.EXPONENTIAL_HISTOGRAM);
        assertThat(point.count()).isEqualTo(4);
        assertThat(point.sum()).isEqualTo(10.0);
        assertThat(point.min()).isEqualTo(1.0);
        assertThat(point.max()).isEqualTo(5.0);
        assertThat(point.bucketCounts()).isNull();
        assertThat(point.temporality()).isEqualTo("delta");
    }

    @Test
    void a_summary_keeps_count_and_sum_and_each_quantile_becomes_a_point_with_a_quantile_attribute() {
        List<MetricPoint> points = mapAll(Metric.newBuilder().setName("rpc.latency").setSummary(Summary.newBuilder()
                .addDataPoints(SummaryDataPoint.newBuilder().setTimeUnixNano(nanos(AT)).setCount(10).setSum(55)
                        .addAttributes(kv("rpc.method", "chat"))
                        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5).setValue(4))
                        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99).setValue(9)))));

        assertThat(points).hasSize(3).allSatisfy(p -> assertThat(p.metricType()).isEqualTo(MetricType.SUMMARY));
        assertThat(points.get(0).count()).isEqualTo(10);
        assertThat(points.get(0).sum()).isEqualTo(55.0);
        assertThat(points.get(0).value()).isNull();
        assertThat(points.get(2).value()).isEqualTo(9.0);
        assertThat(points.get(2).attributes())
                .isEqualTo("{\"rpc.method\":\"chat\",\"quantile\":0.99,\"otel.scope.name\":\"gen_ai.meter\"}");
        assertThat(points.get(1).seriesId()).isNotEqualTo(points.get(2).seriesId());
    }

    @Test
    void points_flagged_as_having_no_recorded_value_are_skipped_not_rejected() {
        MappedMetrics mapped = MAPPER.map("p1", metrics(Metric.newBuilder().setName("g").setGauge(Gauge.newBuilder()
                .addDataPoints(number(1).setFlags(DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE))
                .addDataPoints(number(2)))));

        assertThat(mapped.points()).extracting(MetricPoint::value).containsExactly(2.0);
        assertThat(mapped.rejected()).isEmpty();
    }

    @Test
    void bad_data_points_are_rejected_alone_naming_metric_and_place() {
        MappedMetrics mapped = MAPPER.map("p1", metrics(
                Metric.newBuilder().setName("tokens").setSum(Sum.newBuilder()
                        .addDataPoints(number(1))
                        .addDataPoints(number(2).setTimeUnixNano(0))
                        .addDataPoints(number(3).setTimeUnixNano(nanos(NOW.plus(Duration.ofDays(3)))))
                        .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(nanos(AT)))),
                Metric.newBuilder().setName("h").setHistogram(Histogram.newBuilder().addDataPoints(
                        HistogramDataPoint.newBuilder().setTimeUnixNano(nanos(AT)).setCount(1)
                                .addAllExplicitBounds(List.of(1.0, 2.0)).addAllBucketCounts(List.of(1L, 0L)))),
                Metric.newBuilder().setName("empty"),
                Metric.newBuilder().setGauge(Gauge.newBuilder().addDataPoints(number(1)))));

        assertThat(mapped.points()).hasSize(1);
        assertThat(mapped.rejected()).extracting(ItemRejection::toString).containsExactly(
                "resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[1] (metric tokens):"
                        + " timeUnixNano is missing (0)",
                "resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[2] (metric tokens):"
                        + " timeUnixNano 2026-03-04T12:00:00Z is more than 1 day in the future"
                        + " (accepted: from 30 days ago to 1 day ahead)",
                "resourceMetrics[0].scopeMetrics[0].metrics[0].sum.dataPoints[3] (metric tokens):"
                        + " the data point has neither asDouble nor asInt",
                "resourceMetrics[0].scopeMetrics[0].metrics[1].histogram.dataPoints[0] (metric h):"
                        + " the data point has 2 bucket counts for 2 explicit bounds; expected 3",
                "resourceMetrics[0].scopeMetrics[0].metrics[2] (metric empty): the metric has no data: expected one"
                        + " of gauge, sum, histogram, exponentialHistogram or summary",
                "resourceMetrics[0].scopeMetrics[0].metrics[3].gauge.dataPoints[0]: the metric name is empty");
        assertThat(mapped.errorMessage()).startsWith("6 data points rejected: ").endsWith("; and 1 more");
    }
}
