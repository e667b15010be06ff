package org.llmobservatory.storage.repository;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Usage of one dimension value in one time bucket. Token counts and cost are sums (missing values
 * count as zero); latencies are PostgreSQL {@code percentile_cont} (linear interpolation) over span
 * durations.
 *
 * @param bucketStart start of the bucket, null when the query had no step
 * @param key         the dimension value (model, provider, service or user), null for spans without one
 * @param avgTimeToFirstTokenMs mean over the spans that reported it, null when none did
 */
public record UsageRow(
        Instant bucketStart,
        String key,
        long requests,
        long errors,
        long inputTokens,
        long outputTokens,
        long totalTokens,
        long cacheReadTokens,
        long reasoningTokens,
        BigDecimal costUsd,
        double p50LatencyMs,
        double p95LatencyMs,
        double p99LatencyMs,
        Double avgTimeToFirstTokenMs) {
}
