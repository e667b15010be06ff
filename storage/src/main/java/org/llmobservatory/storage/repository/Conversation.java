package org.llmobservatory.storage.repository;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One session read as a conversation: its traces (turns) in the window, oldest first, with the sums over them.
 * {@code truncated} says that the session has more turns in the window than were read; the sums are over those
 * read.
 */
public record Conversation(String sessionId, String userId, List<Turn> turns, boolean truncated) {

    public Conversation {
        turns = List.copyOf(turns);
    }

    /**
     * One trace of the session: its root, its sums over its spans in the window, the prompt of its first LLM call
     * and the completion of its last, as stored (often OpenTelemetry GenAI message JSON; null when not captured).
     */
    public record Turn(String traceId, String rootName, String serviceName, Instant startTime, Instant endTime,
            long errorCount, long totalTokens, BigDecimal costUsd, String input, String output) {
    }

    public long errorCount() {
        return turns.stream().mapToLong(Turn::errorCount).sum();
    }

    public long totalTokens() {
        return turns.stream().mapToLong(Turn::totalTokens).sum();
    }

    public BigDecimal costUsd() {
        return turns.stream().map(Turn::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public Instant firstSeen() {
        return turns.isEmpty() ? null : turns.getFirst().startTime();
    }

    public Instant lastSeen() {
        return turns.isEmpty() ? null : turns.getLast().startTime();
    }
}
