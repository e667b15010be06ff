package org.llmobservatory.server.genai;

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
import org.llmobservatory.server.support.Otlp;

/**
 * The log and metric mappers under fuzzing, as {@link SpanMapperProperties} does for spans: any body,
 * severity, name, number or attributes map or reject the item, never throw, and what maps is storable.
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

    private static void storable(String text) {
        if (text != null) {
            assertThat(text.indexOf('\u0000')).isNegative();
            assertThat(java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(text)).as(text).isTrue();
        }
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
