package org.llmobservatory.server.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import org.llmobservatory.server.support.Otlp;
import org.llmobservatory.server.values.ContentLimits;
import org.llmobservatory.storage.model.MetricType;

/**
 * The log and metric mappers under fuzzing, as {@link SpanMapperProperties} does for spans: any body,
 * severity, name, number or attributes map or reject the item, never throw, and what maps is storable;
 * a valid log record, gauge or histogram always maps, each value in its column.
 */
class LogAndMetricMapperProperties {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ContentLimits LIMITS = new ContentLimits(64, 128);
    private final LogMapper logs = new LogMapper(LIMITS, TimeWindow.DEFAULT, Clock.systemUTC());
    private final MetricMapper metrics = new MetricMapper(LIMITS, TimeWindow.DEFAULT, Clock.systemUTC());

    @Property(tries = 2000, shrinking = ShrinkingMode.BOUNDED)
    void any_log_record_maps_or_is_rejected_and_what_maps_is_storable(@ForAll("values") AnyValue body,
            @ForAll("attributes") List<KeyValue> attributes, @ForAll("texts") String text,
            @ForAll("severities") int severity, @ForAll("times") long time) throws IOException {
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs
                .newBuilder().setResource(Resource.newBuilder().addAllAttributes(attributes))
                .addScopeLogs(ScopeLogs.newBuilder().setScope(InstrumentationScope.newBuilder().setName(text))
                        .addLogRecords(LogRecord.newBuilder().setBody(body).setSeverityNumberValue(severity)
                                .setSeverityText(text).setEventName(text).setTimeUnixNano(time)
                                .addAllAttributes(attributes)))).build();
        MappedLogs mapped = logs.map("p", request);
        assertThat(mapped.logs().size() + mapped.rejected().size()).isEqualTo(1);
        for (org.llmobservatory.storage.model.LogRecord r : mapped.logs()) {
            Stream.of(r.severityText(), r.body(), r.serviceName(), r.attributes(), r.resourceAttributes())
                    .forEach(LogAndMetricMapperProperties::storable);
            JSON.readTree(r.attributes());
            JSON.readTree(r.resourceAttributes());
        }
    }

    @Property(tries = 2000, shrinking = ShrinkingMode.BOUNDED)
    void any_metric_maps_or_is_rejected_and_what_maps_is_storable(@ForAll("texts") String name,
            @ForAll("attributes") List<KeyValue> attributes, @ForAll("doubles") double value,
            @ForAll("times") long time, @ForAll("counts") List<Long> buckets, @ForAll("bounds") List<Double> bounds)
            throws IOException {
        Metric gauge = Metric.newBuilder().setName(name).setUnit(name).setDescription(name).setGauge(Gauge.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(time).setAsDouble(value)
                        .addAllAttributes(attributes))).build();
        Metric histogram = Metric.newBuilder().setName(name).setHistogram(Histogram.newBuilder()
                .setAggregationTemporalityValue(buckets.size() % 4).addDataPoints(HistogramDataPoint.newBuilder()
                        .setTimeUnixNano(time).setCount(buckets.stream().mapToLong(Long::longValue).sum())
                        .setSum(value).setMin(value).setMax(value).addAllBucketCounts(buckets)
                        .addAllExplicitBounds(bounds).addAllAttributes(attributes))).build();
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(
                ResourceMetrics.newBuilder().setResource(Resource.newBuilder().addAllAttributes(attributes))
                        .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(gauge).addMetrics(histogram))).build();
        MappedMetrics mapped = metrics.map("p", request);
        assertThat(mapped.points().size() + mapped.rejected().size()).isEqualTo(2);
        for (org.llmobservatory.storage.model.MetricPoint p : mapped.points()) {
            Stream.of(p.metricName(), p.unit(), p.description(), p.serviceName(), p.attributes(),
                    p.resourceAttributes(), p.temporality()).forEach(LogAndMetricMapperProperties::storable);
            JSON.readTree(p.attributes());
            JSON.readTree(p.resourceAttributes());
        }
    }

    /** A valid log record is stored, not just "mapped or rejected": each value lands in its column. */
    @Property(tries = 1000, shrinking = ShrinkingMode.BOUNDED)
    void a_valid_log_record_maps_with_each_value_in_its_column(@ForAll("plain") String body,
            @ForAll("plain") String service, @ForAll("plain") String severityText,
            @ForAll @IntRange(min = 0, max = 24) int severity, @ForAll("recent") long time) {
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs
                .newBuilder().setResource(Otlp.resource(Otlp.kv("service.name", service)))
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder().setBody(Otlp.string(body))
                        .setSeverityNumberValue(severity).setSeverityText(severityText).setTimeUnixNano(time)))).build();

        MappedLogs mapped = logs.map("p", request);

        assertThat(mapped.rejected()).isEmpty();
        assertThat(mapped.logs()).hasSize(1);
        org.llmobservatory.storage.model.LogRecord r = mapped.logs().get(0);
        assertThat(r.time()).isEqualTo(instant(time));
        assertThat(r.severityNumber()).isEqualTo(severity);
        assertThat(r.severityText()).isEqualTo(severityText);
        assertThat(r.body()).isEqualTo(body);
        assertThat(r.serviceName()).isEqualTo(service);
        assertThat(r.traceId()).isNull();
    }

    /** A valid gauge and a valid histogram are both stored, with their values, counts and buckets. */
    @Property(tries = 1000, shrinking = ShrinkingMode.BOUNDED)
    void a_valid_gauge_and_histogram_map_with_each_value_in_its_column(@ForAll("plain") String name,
            @ForAll("plain") String service, @ForAll("finite") double value, @ForAll("recent") long time,
            @ForAll("ascending") List<Double> bounds, @ForAll("finite") double sum) {
        List<Long> buckets = new java.util.ArrayList<>();
        for (int i = 0; i <= bounds.size(); i++) {
            buckets.add((long) i * 3 + 1);
        }
        long count = buckets.stream().mapToLong(Long::longValue).sum();
        Metric gauge = Metric.newBuilder().setName(name).setGauge(Gauge.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(time).setAsDouble(value))).build();
        Metric histogram = Metric.newBuilder().setName(name + ".h").setHistogram(Histogram.newBuilder()
                .setAggregationTemporalityValue(2).addDataPoints(HistogramDataPoint.newBuilder()
                        .setTimeUnixNano(time).setCount(count).setSum(sum).addAllBucketCounts(buckets)
                        .addAllExplicitBounds(bounds))).build();
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(
                ResourceMetrics.newBuilder().setResource(Otlp.resource(Otlp.kv("service.name", service)))
                        .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(gauge).addMetrics(histogram))).build();

        MappedMetrics mapped = metrics.map("p", request);

        assertThat(mapped.rejected()).isEmpty();
        assertThat(mapped.points()).hasSize(2);
        org.llmobservatory.storage.model.MetricPoint g = mapped.points().get(0);
        assertThat(g.metricName()).isEqualTo(name);
        assertThat(g.metricType()).isEqualTo(MetricType.GAUGE);
        assertThat(g.serviceName()).isEqualTo(service);
        assertThat(g.time()).isEqualTo(instant(time));
        assertThat(g.value()).isEqualTo(value);
        org.llmobservatory.storage.model.MetricPoint h = mapped.points().get(1);
        assertThat(h.metricName()).isEqualTo(name + ".h");
        assertThat(h.metricType()).isEqualTo(MetricType.HISTOGRAM);
        assertThat(h.serviceName()).isEqualTo(service);
        assertThat(h.time()).isEqualTo(instant(time));
        assertThat(h.temporality()).isEqualTo("cumulative");
        assertThat(h.count()).isEqualTo(count);
        assertThat(h.sum()).isEqualTo(sum);
        assertThat(h.bucketCounts()).containsExactly(buckets.stream().mapToLong(Long::longValue).toArray());
        assertThat(h.explicitBounds()).containsExactly(bounds.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }

    private static void storable(String text) {
        if (text != null) {
            assertThat(text.indexOf('\u0000')).isNegative();
            assertThat(java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(text)).as(text).isTrue();
        }
    }

    @Provide
    Arbitrary<String> plain() {
        return new SpanMapperProperties().plain();
    }

    /** Times within the last day, inside the accepted window. */
    @Provide
    Arbitrary<Long> recent() {
        long now = Otlp.nanos(Instant.now());
        return Arbitraries.longs().between(now - 86_400_000_000_000L, now - 1_000_000_000L);
    }

    @Provide
    Arbitrary<Double> finite() {
        return Arbitraries.doubles().between(-1e12, 1e12);
    }

    @Provide
    Arbitrary<List<Double>> ascending() {
        return finite().set().ofMaxSize(6).map(set -> set.stream().sorted().toList());
    }

    @Provide
    Arbitrary<AnyValue> values() {
        return SpanMapperProperties.value(2);
    }

    @Provide
    Arbitrary<List<KeyValue>> attributes() {
        return new SpanMapperProperties().attributes();
    }

    @Provide
    Arbitrary<String> texts() {
        return SpanMapperProperties.text();
    }

    @Provide
    Arbitrary<Integer> severities() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-2, 30), Arbitraries.integers());
    }

    @Provide
    Arbitrary<Long> times() {
        long now = Otlp.nanos(Instant.now());
        return Arbitraries.oneOf(Arbitraries.longs().between(now - 86_400_000_000_000L, now),
                Arbitraries.of(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE), Arbitraries.longs());
    }

    @Provide
    Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, -0.0, Double.MAX_VALUE));
    }

    @Provide
    Arbitrary<List<Long>> counts() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 1000), Arbitraries.of(-1L, Long.MAX_VALUE))
                .list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<Double>> bounds() {
        return doubles().list().ofMaxSize(3);
    }
}
