package org.llmobservatory.server.mapping;

import java.util.List;
import org.llmobservatory.storage.model.MetricPoint;

/** The metric points of one export request that can be stored, and the data points that cannot. */
public record MappedMetrics(List<MetricPoint> points, List<ItemRejection> rejected) implements MappedItems<MetricPoint> {

    public MappedMetrics {
        points = List.copyOf(points);
        rejected = List.copyOf(rejected);
    }

    @Override
    public List<MetricPoint> items() {
        return points;
    }

    @Override
    public String errorMessage() {
        return ItemRejection.summary(rejected, "data point");
    }
}
