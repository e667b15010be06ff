package org.llmobservatory.server.genai;

import java.util.List;
import org.llmobservatory.storage.model.MetricPoint;

/** The metric points of one export request that can be stored, and the data points that cannot. */
public record MappedMetrics(List<MetricPoint> points, List<ItemRejection> rejected) {

    public MappedMetrics {
        points = List.copyOf(points);
        rejected = List.copyOf(rejected);
    }

    /** Text for the partial-success {@code error_message}; empty when nothing was rejected. */
    public String errorMessage() {
        return ItemRejection.summary(rejected, "data point");
    }
}
