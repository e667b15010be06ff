package org.llmobservatory.storage.writer;

import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.model.MetricPoint;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.schema.PartitionManager;

/** Writes metric data points in batches; see {@link BatchWriter}. */
public non-sealed class MetricWriter extends BatchWriter<MetricPoint> {

    public MetricWriter(StoragePool pool, PartitionManager partitions, WriterSettings settings, WriteObserver observer) {
        super(Layouts.METRIC_POINTS, pool, partitions, settings, observer);
    }
}
