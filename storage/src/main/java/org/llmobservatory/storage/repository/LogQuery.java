package org.llmobservatory.storage.repository;

/**
 * Which log records to search: those of a project in the window, at or above {@code minSeverity}
 * (OpenTelemetry severity number, 1 to 24), whose body contains {@code text} (ignoring case, taken
 * literally: {@code %} and {@code _} match themselves). Null filters are not applied; {@code cursor}
 * is the {@code nextCursor} of the previous page, null for the first.
 */
public record LogQuery(
        String projectId,
        TimeRange range,
        Integer minSeverity,
        String serviceName,
        String traceId,
        String text,
        int limit,
        String cursor) {

    public LogQuery {
        QueryLimits.projectId(projectId);
        QueryLimits.range(range);
        if (minSeverity != null && (minSeverity < 0 || minSeverity > 24)) {
            throw new IllegalArgumentException("minSeverity must be between 0 and 24, got " + minSeverity);
        }
        serviceName = QueryLimits.filter(serviceName);
        traceId = QueryLimits.filter(traceId);
        text = text == null || text.isEmpty() ? null : text;
        QueryLimits.limit(limit);
        cursor = QueryLimits.filter(cursor);
        if (cursor != null) {
            LogRepository.after(cursor);
        }
    }

    /**
     * The fingerprint of what this listing is filtered by (not its window, limit or cursor), which its page cursors
     * carry: a cursor is refused with other filters than those of its page.
     */
    public int filters() {
        return Cursor.filters(projectId, minSeverity, serviceName, traceId, text);
    }

    /** A query for the first page of all log records of {@code projectId} in the window, 100 per page. */
    public static LogQuery of(String projectId, TimeRange range) {
        return new LogQuery(projectId, range, null, null, null, null, QueryLimits.DEFAULT_LIMIT, null);
    }

    public LogQuery withMinSeverity(Integer value) {
        return new LogQuery(projectId, range, value, serviceName, traceId, text, limit, cursor);
    }

    public LogQuery withServiceName(String value) {
        return new LogQuery(projectId, range, minSeverity, value, traceId, text, limit, cursor);
    }

    public LogQuery withTraceId(String value) {
        return new LogQuery(projectId, range, minSeverity, serviceName, value, text, limit, cursor);
    }

    public LogQuery withText(String value) {
        return new LogQuery(projectId, range, minSeverity, serviceName, traceId, value, limit, cursor);
    }

    public LogQuery withLimit(int value) {
        return new LogQuery(projectId, range, minSeverity, serviceName, traceId, text, value, cursor);
    }

    public LogQuery withCursor(String value) {
        return new LogQuery(projectId, range, minSeverity, serviceName, traceId, text, limit, value);
    }
}
