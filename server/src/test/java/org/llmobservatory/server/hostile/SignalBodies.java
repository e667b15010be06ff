package org.llmobservatory.server.hostile;

import static org.llmobservatory.server.support.Otlp.kv;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import org.llmobservatory.server.support.Otlp;

/**
 * Binary logs and metrics export requests for the hostile corpus: one case's resource (its service name)
 * around records and metrics that are good or broken in one way. Times are the corpus's START sentinel,
 * replaced with a recent time before sending.
 */
final class SignalBodies {

    private SignalBodies() {
    }

    static ExportLogsServiceRequest logs(String service, LogRecord.Builder... records) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder().setScope(InstrumentationScope.newBuilder().setName("hostile"));
        for (LogRecord.Builder record : records) {
            scope.addLogRecords(record);
        }
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(resource(service)).addScopeLogs(scope)).build();
    }

    /** An INFO record with a text body. */
    static LogRecord.Builder log(String body) {
        return LogRecord.newBuilder().setTimeUnixNano(HostileCorpus.sentinel(HostileCorpus.START))
                .setSeverityNumberValue(9).setBody(Otlp.string(body));
    }

    static ExportMetricsServiceRequest metrics(String service, Metric.Builder... metrics) {
        ScopeMetrics.Builder scope = ScopeMetrics.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("hostile"));
        for (Metric.Builder metric : metrics) {
            scope.addMetrics(metric);
        }
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(resource(service)).addScopeMetrics(scope)).build();
    }

    static Metric.Builder gauge(String name, NumberDataPoint.Builder point) {
        return Metric.newBuilder().setName(name).setGauge(Gauge.newBuilder().addDataPoints(point));
    }

    /** A point at the START sentinel holding {@code value}. */
    static NumberDataPoint.Builder point(double value) {
        return NumberDataPoint.newBuilder().setTimeUnixNano(HostileCorpus.sentinel(HostileCorpus.START))
                .setAsDouble(value);
    }

    static Metric.Builder histogram(String name, long count, double sum, Iterable<Long> buckets,
            Iterable<Double> bounds) {
        return Metric.newBuilder().setName(name).setHistogram(Histogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addDataPoints(HistogramDataPoint.newBuilder()
                        .setTimeUnixNano(HostileCorpus.sentinel(HostileCorpus.START))
                        .setCount(count).setSum(sum).addAllBucketCounts(buckets).addAllExplicitBounds(bounds)));
    }

    private static Resource resource(String service) {
        return Resource.newBuilder().addAttributes(kv("service.name", service)).build();
    }
}
