package org.llmobservatory.storage.repository;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One session (a conversation) as a line of a list: its user, and the sums over every span of the traces that carry
 * its id in the window. {@code firstSeen} and {@code lastSeen} are the starts of its earliest and latest spans that
 * carry the session id (usually the roots of its first and latest turns).
 */
public record SessionSummary(
        String sessionId,
        String userId,
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
