package org.llmobservatory.server.mapping;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.llmobservatory.server.values.ContentLimits;
import org.llmobservatory.server.values.Rejected;
import org.llmobservatory.server.values.Text;
import org.llmobservatory.storage.model.MetricPoint;

/**
 * Turns an OTLP metrics export request into storable metric points, one per data point (a summary
 * adds one per quantile). A data point that cannot be stored is rejected alone; points flagged
 * "no recorded value" carry nothing to store and are skipped.
 */
public final class MetricMapper {

    private final ContentLimits limits;
    private final TimeWindow window;
    private final Clock clock;

    /** Default limits and time window, against the system clock. */
    public MetricMapper() {
        this(ContentLimits.DEFAULT, TimeWindow.DEFAULT, Clock.systemUTC());
    }

    public MetricMapper(ContentLimits limits, TimeWindow window, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.window = Objects.requireNonNull(window, "window");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public MappedMetrics map(String projectId, ExportMetricsServiceRequest request) {
        Objects.requireNonNull(projectId, "projectId");
        Instant now = clock.instant();
        List<MetricPoint> points = new ArrayList<>();
        List<ItemRejection> rejected = new ArrayList<>();
        for (int r = 0; r < request.getResourceMetricsCount(); r++) {
            ResourceMetrics resourceMetrics = request.getResourceMetrics(r);
            ResourceContext resource = ResourceContext.of(resourceMetrics.getResource(), limits);
            for (int s = 0; s < resourceMetrics.getScopeMetricsCount(); s++) {
                ScopeMetrics scopeMetrics = resourceMetrics.getScopeMetrics(s);
                Map<String, String> scope = ResourceContext.scope(scopeMetrics.getScope());
                for (int m = 0; m < scopeMetrics.getMetricsCount(); m++) {
                    Metric metric = scopeMetrics.getMetrics(m);
                    String at = "resourceMetrics[" + r + "].scopeMetrics[" + s + "].metrics[" + m + "]";
                    DataPoints dataPoints = new DataPoints(projectId, metric, resource, scope, limits);
                    map(metric, dataPoints, at, now, points, rejected);
                }
            }
        }
        return new MappedMetrics(points, rejected);
    }

    private void map(Metric metric, DataPoints dataPoints, String at, Instant now, List<MetricPoint> points,
            List<ItemRejection> rejected) {
        String id = metric.getName().isBlank() ? null : "metric " + Text.limit(metric.getName(), 256);
        int count = DataPoints.count(metric);
        if (count < 0) {
            rejected.add(new ItemRejection(at, id, "the metric has no data: expected one of gauge, sum, histogram,"
                    + " exponentialHistogram or summary"));
            return;
        }
        for (int p = 0; p < count; p++) {
            try {
                for (MetricPoint point : dataPoints.point(p)) {
                    String violation = window.violation("timeUnixNano", point.time(), now);
                    if (violation != null) {
                        throw new Rejected(violation);
                    }
                    points.add(point);
                }
            } catch (Rejected e) {
                rejected.add(new ItemRejection(at + "." + DataPoints.field(metric) + ".dataPoints[" + p + "]", id,
                        e.getMessage()));
            }
        }
    }
}
