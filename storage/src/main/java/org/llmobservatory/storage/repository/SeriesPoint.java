package org.llmobservatory.storage.repository;

import java.time.Instant;

/** One bucket of a series: the bucket's start and its aggregated value. */
public record SeriesPoint(Instant time, double value) {
}
