package org.llmobservatory.storage.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One trace as a line of a list, over its spans in the queried window. The root is the span without a
 * parent (the earliest, if several), else the earliest span. Token counts and cost are sums (missing
 * values count as zero); {@code models} are the distinct models of its LLM spans, sorted.
 */
public record TraceSummary(
        String traceId,
        String rootName,
        String serviceName,
        Instant startTime,
        Instant endTime,
        double durationMs,
        long spanCount,
        long errorCount,
        long inputTokens,
        long outputTokens,
        long totalTokens,
        BigDecimal costUsd,
        List<String> models) {

    public TraceSummary {
        models = List.copyOf(models);
    }
}
