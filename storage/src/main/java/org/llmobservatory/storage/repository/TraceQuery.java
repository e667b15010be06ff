package org.llmobservatory.storage.repository;

import java.math.BigDecimal;
import org.llmobservatory.storage.model.StatusCode;

/**
 * Which traces to list: those of a project with at least one span in the window. A text filter
 * matches a trace when any of its spans in the window matches. {@code status} ERROR keeps traces with
 * an error span, OK those without one. Null filters are not applied; {@code cursor} is the
 * {@code nextCursor} of the previous page, null for the first.
 */
public record TraceQuery(
        String projectId,
        TimeRange range,
        String serviceName,
        String provider,
        String model,
        String operation,
        String userId,
        String sessionId,
        StatusCode status,
        Double minDurationMs,
        BigDecimal minCostUsd,
        int limit,
        String cursor) {

    public TraceQuery {
        QueryLimits.projectId(projectId);
        QueryLimits.range(range);
        serviceName = QueryLimits.filter(serviceName);
        provider = QueryLimits.filter(provider);
        model = QueryLimits.filter(model);
        operation = QueryLimits.filter(operation);
        userId = QueryLimits.filter(userId);
        sessionId = QueryLimits.filter(sessionId);
        if (status == StatusCode.UNSET) {
            throw new IllegalArgumentException("a trace status filter must be ok (no error span) or error");
        }
        QueryLimits.notNegative("minDurationMs", minDurationMs);
        QueryLimits.notNegative("minCostUsd", minCostUsd);
        QueryLimits.limit(limit);
        cursor = QueryLimits.filter(cursor);
        if (cursor != null) {
            Cursor.decode(Cursor.Listing.TRACES, cursor);
        }
    }

    /**
     * The fingerprint of what this listing is filtered by (not its window, limit or cursor), which its page cursors
     * carry: a cursor is refused with other filters than those of its page.
     */
    public int filters() {
        return Cursor.filters(projectId, serviceName, provider, model, operation, userId, sessionId, status,
                minDurationMs, minCostUsd);
    }

    /** A query for the first page of all traces of {@code projectId} in the window, 100 per page. */
    public static Builder builder(String projectId, TimeRange range) {
        return new Builder(projectId, range);
    }

    /** Sets the optional filters one by one. */
    public static final class Builder {
        private final String projectId;
        private final TimeRange range;
        private String serviceName;
        private String provider;
        private String model;
        private String operation;
        private String userId;
        private String sessionId;
        private StatusCode status;
        private Double minDurationMs;
        private BigDecimal minCostUsd;
        private int limit = QueryLimits.DEFAULT_LIMIT;
        private String cursor;

        private Builder(String projectId, TimeRange range) {
            this.projectId = projectId;
            this.range = range;
        }

        public Builder serviceName(String v) { serviceName = v; return this; }
        public Builder provider(String v) { provider = v; return this; }
        public Builder model(String v) { model = v; return this; }
        public Builder operation(String v) { operation = v; return this; }
        public Builder userId(String v) { userId = v; return this; }
        public Builder sessionId(String v) { sessionId = v; return this; }
        public Builder status(StatusCode v) { status = v; return this; }
        public Builder minDurationMs(Double v) { minDurationMs = v; return this; }
        public Builder minCostUsd(BigDecimal v) { minCostUsd = v; return this; }
        public Builder limit(int v) { limit = v; return this; }
        public Builder cursor(String v) { cursor = v; return this; }

        public TraceQuery build() {
            return new TraceQuery(projectId, range, serviceName, provider, model, operation, userId, sessionId,
                    status, minDurationMs, minCostUsd, limit, cursor);
        }
    }
}
