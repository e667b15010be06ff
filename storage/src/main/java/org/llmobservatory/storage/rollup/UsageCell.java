package org.llmobservatory.storage.rollup;

import java.math.BigDecimal;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.StatusCode;

/**
 * The usage of a set of LLM spans, as a rollup row holds it: exact sums (token sums saturate at the largest long
 * rather than wrap), and latency as a mergeable histogram. Cells add up: the cell of a union is the sum of the cells
 * of its parts, in any order.
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
        inputTokens = plus(inputTokens, orZero(span.inputTokens()));
        outputTokens = plus(outputTokens, orZero(span.outputTokens()));
        totalTokens = plus(totalTokens, orZero(span.totalTokens()));
        cacheReadTokens = plus(cacheReadTokens, orZero(span.cacheReadTokens()));
        reasoningTokens = plus(reasoningTokens, orZero(span.reasoningTokens()));
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
        inputTokens = plus(inputTokens, sums.inputTokens());
        outputTokens = plus(outputTokens, sums.outputTokens());
        totalTokens = plus(totalTokens, sums.totalTokens());
        cacheReadTokens = plus(cacheReadTokens, sums.cacheReadTokens());
        reasoningTokens = plus(reasoningTokens, sums.reasoningTokens());
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

    /**
     * A token sum that saturates instead of wrapping: senders may report counts up to the largest long, and a
     * rollup must neither turn two of them negative nor fail to fold. Rows are far from this in practice.
     */
    static long plus(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }
}
