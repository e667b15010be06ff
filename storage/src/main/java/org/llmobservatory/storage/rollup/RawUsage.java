package org.llmobservatory.storage.rollup;

/**
 * Usage computed from the spans themselves, in the shape of a rollup row: the SQL that groups LLM spans by a key
 * and by latency bucket. The rollup rebuild and the usage reader (for the edges of a window that are not whole
 * hours) share it, so a rollup and a recomputation always agree.
 */
public final class RawUsage {

    /** The latency bucket of a span, null for latencies that count as zero (and for negative or NaN ones). */
    public static final String LATENCY_INDEX = "CASE WHEN duration_ms > " + LatencyBuckets.ZERO_THRESHOLD_MS
            + " AND duration_ms < 'Infinity' THEN " + LatencyBuckets.SQL_DURATION_INDEX + " END";

    /** The sums of a group of spans, named as the rollup columns; token sums saturate as {@link UsageCell}'s do. */
    public static final String SUMS = """
            count(*) AS requests,
            count(*) FILTER (WHERE status_code = 'error') AS errors,
            %s AS input_tokens,
            %s AS output_tokens,
            %s AS total_tokens,
            %s AS cache_read_tokens,
            %s AS reasoning_tokens,
            coalesce(sum(cost_usd), 0) AS cost_usd,
            coalesce(sum(time_to_first_token_ms), 0) AS ttft_sum_ms,
            count(time_to_first_token_ms) AS ttft_count""".formatted(saturated("input_tokens"),
            saturated("output_tokens"), saturated("total_tokens"), saturated("cache_read_tokens"),
            saturated("reasoning_tokens"));

    /**
     * Turns rows grouped by {@code latency_index} (and the key) into rows with the rollup's value columns
     * ({@link RollupRows#VALUES}): no stored histogram, and the bucket their requests are in (null for zero).
     */
    public static final String AS_HISTOGRAM = """
            requests, errors, input_tokens, output_tokens, total_tokens, cache_read_tokens, reasoning_tokens,
            cost_usd, ttft_sum_ms, ttft_count, NULL::bytea AS latency, latency_index""";

    private RawUsage() {
    }

    /** The sum of a bigint column, 0 when there is none, held within bigint (sum() itself gives a numeric). */
    private static String saturated(String column) {
        return "least(greatest(coalesce(sum(" + column + "), 0), " + Long.MIN_VALUE + "), " + Long.MAX_VALUE
                + ")::bigint";
    }
}
