package org.llmobservatory.storage.repository;


/**
 * Which spans to search: those of a project starting in the window, each filter applied to the span
 * itself ({@code name} matches exactly). Null filters are not applied; {@code cursor} is the
 * {@code nextCursor} of the previous page, null for the first.
 */
public record SpanQuery(String projectId, TimeRange range, SpanFilter filter, String traceId, String name, int limit,
        String cursor) {

    public SpanQuery {
        QueryLimits.projectId(projectId);
        QueryLimits.range(range);
        filter = filter == null ? SpanFilter.NONE : filter;
        traceId = QueryLimits.filter(traceId);
        name = QueryLimits.filter(name);
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
        return Cursor.filters(projectId, filter.serviceName(), filter.provider(), filter.model(), filter.operation(),
                filter.status(), filter.userId(), filter.sessionId(), traceId, name, filter.minDurationMs(),
                filter.minCostUsd());
    }

    /** A query for the first page of all spans of {@code projectId} in the window, 100 per page. */
    public static Builder builder(String projectId, TimeRange range) {
        return new Builder(projectId, range);
    }

    /** Sets the optional filters one by one. */
    public static final class Builder extends SpanFilter.Setters<Builder> {
        private final String projectId;
        private final TimeRange range;
        private String traceId;
        private String name;
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

        public Builder traceId(String v) { traceId = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder limit(int v) { limit = v; return this; }
        public Builder cursor(String v) { cursor = v; return this; }

        public SpanQuery build() {
            return new SpanQuery(projectId, range, filter(), traceId, name, limit, cursor);
        }
    }
}
