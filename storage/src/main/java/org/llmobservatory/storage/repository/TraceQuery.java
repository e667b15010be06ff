package org.llmobservatory.storage.repository;

import org.llmobservatory.storage.model.StatusCode;

/**
 * Which traces to list: those of a project with at least one span in the window. A text filter
 * matches a trace when any of its spans in the window matches. {@code status} ERROR keeps traces with
 * an error span, OK those without one. Null filters are not applied; {@code cursor} is the
 * {@code nextCursor} of the previous page, null for the first.
 */
public record TraceQuery(String projectId, TimeRange range, SpanFilter filter, int limit, String cursor) {

    public TraceQuery {
        QueryLimits.projectId(projectId);
        QueryLimits.range(range);
        filter = filter == null ? SpanFilter.NONE : filter;
        if (filter.status() == StatusCode.UNSET) {
            throw new IllegalArgumentException("a trace status filter must be ok (no error span) or error");
        }
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
        return Cursor.filters(projectId, filter.serviceName(), filter.provider(), filter.model(), filter.operation(),
                filter.userId(), filter.sessionId(), filter.status(), filter.minDurationMs(), filter.minCostUsd());
    }

    /** A query for the first page of all traces of {@code projectId} in the window, 100 per page. */
    public static Builder builder(String projectId, TimeRange range) {
        return new Builder(projectId, range);
    }

    /** Sets the optional filters one by one. */
    public static final class Builder extends SpanFilter.Setters<Builder> {
        private final String projectId;
        private final TimeRange range;
        private int limit = QueryLimits.DEFAULT_LIMIT;
        private String cursor;

        private Builder(String projectId, TimeRange range) {
            this.projectId = projectId;
            this.range = range;
        }

        @Override
        Builder self() {
            return this;
        }

        public Builder limit(int v) { limit = v; return this; }
        public Builder cursor(String v) { cursor = v; return this; }

        public TraceQuery build() {
            return new TraceQuery(projectId, range, filter(), limit, cursor);
        }
    }
}
