package org.llmobservatory.storage.repository;

/**
 * Which sessions or users to list: those of a project seen in the window (a span carrying the session or user id
 * starts in it), newest activity first. {@code userId} keeps the sessions of one user (or that user alone);
 * {@code serviceName} keeps those whose spans carrying the id come from that service. Null filters are not applied;
 * {@code cursor} is the {@code nextCursor} of the previous page, null for the first.
 */
public record ActivityQuery(String projectId, TimeRange range, String userId, String serviceName, int limit,
        String cursor) {

    public ActivityQuery {
        QueryLimits.projectId(projectId);
        QueryLimits.range(range);
        userId = QueryLimits.filter(userId);
        serviceName = QueryLimits.filter(serviceName);
        QueryLimits.limit(limit);
        cursor = QueryLimits.filter(cursor);
    }

    /** The first page of every session or user of {@code projectId} in the window, 100 per page. */
    public static ActivityQuery of(String projectId, TimeRange range) {
        return new ActivityQuery(projectId, range, null, null, QueryLimits.DEFAULT_LIMIT, null);
    }

    /** The fingerprint of the filters (not the window, limit or cursor) that this listing's cursors carry. */
    int filters() {
        return Cursor.filters(projectId, userId, serviceName);
    }
}
