package org.llmobservatory.storage.repository;

import java.math.BigDecimal;
import org.llmobservatory.storage.model.StatusCode;

/**
 * Which spans to search: those of a project starting in the window, each filter applied to the span
 * itself ({@code name} matches exactly). Null filters are not applied; {@code cursor} is the
 * {@code nextCursor} of the previous page, null for the first.
 */
public record SpanQuery(
        String projectId,
        TimeRange range,
        String serviceName,
        String provider,
        String model,
        String operation,
        StatusCode status,
        String userId,
        String sessionId,
        String traceId,
        String name,
        Double minDurationMs,
        BigDecimal minCostUsd,
        int limit,
        String cursor) {

    public SpanQuery {
        QueryLimits.projectId(projectId);
        QueryLimits.range(range);
        serviceName = QueryLimits.filter(serviceName);
        provider = QueryLimits.filter(provider);
        model = QueryLimits.filter(model);
        operation = QueryLimits.filter(operation);
        userId = QueryLimits.filter(userId);
        sessionId = QueryLimits.filter(sessionId);
        traceId = QueryLimits.filter(traceId);
        name = QueryLimits.filter(name);
        QueryLimits.notNegative("minDurationMs", minDurationMs);
        QueryLimits.notNegative("minCostUsd", minCostUsd);
        QueryLimits.limit(limit);
        cursor = QueryLimits.filter(cursor);
        if (cursor != null) {
            Cursor.decode(Cursor.Listing.SPANS, cursor);
        }
    }

    /**
     * The fingerprint of what this listing is filtered by (not its window, limit or cursor), which its page cursors
     * carry: a cursor is refused with other filters than those of its page.
     */
    public int filters() {
        return Cursor.filters(projectId, serviceName, provider, model, operation, status, userId, sessionId, traceId,
                name, minDurationMs, minCostUsd);
    }

    /** A query for the first page of all spans of {@code projectId} in the window, 100 per page. */
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
        private StatusCode status;
        private String userId;
        private String sessionId;
        private String traceId;
        private String name;
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
        public Builder status(StatusCode v) { status = v; return this; }
        public Builder userId(String v) { userId = v; return this; }
        public Builder sessionId(String v) { sessionId = v; return this; }
        public Builder traceId(String v) { traceId = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder minDurationMs(Double v) { minDurationMs = v; return this; }
        public Builder minCostUsd(BigDecimal v) { minCostUsd = v; return this; }
        public Builder limit(int v) { limit = v; return this; }
        public Builder cursor(String v) { cursor = v; return this; }

        public SpanQuery build() {
            return new SpanQuery(projectId, range, serviceName, provider, model, operation, status, userId,
                    sessionId, traceId, name, minDurationMs, minCostUsd, limit, cursor);
        }
    }
}
