package org.llmobservatory.storage.repository;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One end user as a line of a list: how many sessions their spans carry, and the sums over every span of the traces
 * that carry their id in the window. {@code firstSeen} and {@code lastSeen} are the starts of their earliest and
 * latest spans that carry the user id.
 */
public record UserSummary(
        String userId,
        long sessionCount,
        long traceCount,
        long spanCount,
        long errorCount,
        long inputTokens,
        long outputTokens,
        long totalTokens,
        BigDecimal costUsd,
        Instant firstSeen,
        Instant lastSeen) {
}
