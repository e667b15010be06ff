package org.llmobservatory.storage.rollup;

import java.math.BigDecimal;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.StatusCode;

/**
 * The usage of a set of LLM spans, as a rollup row holds it: exact sums, and latency as a mergeable histogram.
 * Cells add up: the cell of a union is the sum of the cells of its parts, in any order.
 */
public final class UsageCell {

    private long requests;
    private long errors;
    private long inputTokens;
    private long outputTokens;
    private long totalTokens;
    private long cacheReadTokens;
    private long reasoningTokens;
    private BigDecimal costUsd = BigDecimal.ZERO;
    private double ttftSumMs;
    private long ttftCount;
    private final LatencyHistogram.Builder latency = new LatencyHistogram.Builder();

    /** Adds one span. */
    public UsageCell add(Span span) {
        requests++;
        if (span.statusCode() == StatusCode.ERROR) {
            errors++;
        }
        inputTokens += orZero(span.inputTokens());
        outputTokens += orZero(span.outputTokens());
        totalTokens += orZero(span.totalTokens());
        cacheReadTokens += orZero(span.cacheReadTokens());
        reasoningTokens += orZero(span.reasoningTokens());
        if (span.costUsd() != null) {
            costUsd = costUsd.add(span.costUsd());
        }
        if (span.timeToFirstTokenMs() != null) {
            ttftSumMs += span.timeToFirstTokenMs();
            ttftCount++;
        }
        // A span that ended before it started (stored as sent) counts as a zero latency rather than failing its batch.
        double duration = span.durationMs();
        latency.add(duration > 0 && duration < Double.POSITIVE_INFINITY ? duration : 0);
        return this;
    }

    /** Adds sums as a rollup row, or a query over raw spans, gives them. */
    public UsageCell add(Sums sums, LatencyHistogram histogram) {
        requests += sums.requests();
        errors += sums.errors();
        inputTokens += sums.inputTokens();
        outputTokens += sums.outputTokens();
        totalTokens += sums.totalTokens();
        cacheReadTokens += sums.cacheReadTokens();
        reasoningTokens += sums.reasoningTokens();
        costUsd = costUsd.add(sums.costUsd());
        ttftSumMs += sums.ttftSumMs();
        ttftCount += sums.ttftCount();
        latency.add(histogram);
        return this;
    }

    /** The exact sums of a cell. */
    public record Sums(long requests, long errors, long inputTokens, long outputTokens, long totalTokens,
            long cacheReadTokens, long reasoningTokens, BigDecimal costUsd, double ttftSumMs, long ttftCount) {
    }

    public Sums sums() {
        return new Sums(requests, errors, inputTokens, outputTokens, totalTokens, cacheReadTokens, reasoningTokens,
                costUsd, ttftSumMs, ttftCount);
    }

    public LatencyHistogram latency() {
        return latency.build();
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
