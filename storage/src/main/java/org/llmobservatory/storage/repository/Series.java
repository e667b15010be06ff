package org.llmobservatory.storage.repository;

import java.util.List;
import java.util.Map;

/**
 * One time series of a metric: its labels ({@code {key: value}} of the group-by attribute, empty when
 * not grouped or when the points lack the attribute) and its points, oldest first. Buckets without a
 * value are absent rather than zero.
 */
public record Series(Map<String, String> labels, List<SeriesPoint> points) {

    public Series {
        labels = Map.copyOf(labels);
        points = List.copyOf(points);
    }
}
