package org.llmobservatory.storage.repository;

import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.SpanIds;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.query.QueryObserver;
import org.llmobservatory.storage.query.QueryRunner;
import org.llmobservatory.storage.query.RepositoryKind;
import org.llmobservatory.storage.query.Rerouting;
import org.llmobservatory.storage.query.SqlStatement;
import org.llmobservatory.storage.query.StorageQueryException;

/**
 * Reads traces and spans: trace lists, one trace as a span tree, span search, LLM usage
 * aggregates, sessions and users with their sums, and the values of the filters. Every query is
 * bounded by a project and, except a single trace, by a time window. Invalid arguments throw
 * {@link IllegalArgumentException}; database failures {@link StorageQueryException}.
 */
public final class TraceRepository {

    private static final String GET_TRACE = "get_trace";
    private static final String GET_TRACE_OUTLINE = "get_trace_outline";
    private static final String GET_SPAN = "get_span";

    private static final String FROM_TRACE = """

              FROM spans
             WHERE project_id = ? AND trace_id = ?""";
    private static final String AND_SPAN = "AND span_id = ?";
    private static final String WITHIN = "AND start_time >= ? AND start_time < ?";
    private static final String TRACE_ORDER = "ORDER BY start_time, span_id";

    private final QueryRunner runner;
    private final TraceListing listing;
    private final SpanSearch spans;
    private final UsageReport usage;
    private final ActivityListing activity;
    private final Conversations conversations;
    private final FilterValues values;

    public TraceRepository(StoragePool pool, QueryObserver observer) {
        this(pool.dataSource(), observer);
    }

    /** Reads through one data source; a failed read fails. */
    public TraceRepository(DataSource reads, QueryObserver observer) {
        this(reads, Rerouting.NEVER, observer);
    }

    /**
     * Reads through {@code reads}, such as the storage's read routing (replica or primary), running a failed read
     * once more when {@code rerouting} says so.
     */
    public TraceRepository(DataSource reads, Rerouting rerouting, QueryObserver observer) {
        this.runner = new QueryRunner(reads, rerouting, observer, RepositoryKind.TRACE);
        this.listing = new TraceListing(runner);
        this.spans = new SpanSearch(runner);
        this.usage = new UsageReport(runner);
        this.activity = new ActivityListing(runner);
        this.conversations = new Conversations(runner);
        this.values = new FilterValues(runner);
    }

    /** Traces with at least one span in the window that match the query, newest first. */
    public Page<TraceSummary> listTraces(TraceQuery query) {
        return listing.list(query);
    }

    /** Every span of one trace as a tree, or empty when the project has no such trace. */
    public Optional<TraceTree> trace(String projectId, String traceId) {
        return load(GET_TRACE, Rows.SPAN_COLUMNS, projectId, traceId, null);
    }

    /**
     * Like {@link #trace(String, String)} but reading only spans that start within {@code hint}, which
     * lets PostgreSQL skip the partitions of other days. The hint must cover the whole trace.
     */
    public Optional<TraceTree> trace(String projectId, String traceId, TimeRange hint) {
        return load(GET_TRACE, Rows.SPAN_COLUMNS, projectId, traceId, hint);
    }

    /**
     * The tree of a trace as {@link #trace(String, String, TimeRange)} reads it, but each span without its
     * attributes, resource attributes, events and links (left empty), status message, prompt and completion (left
     * null): what a waterfall needs, read without touching the large values. {@code hint} may be null.
     */
    public Optional<TraceTree> outline(String projectId, String traceId, TimeRange hint) {
        return load(GET_TRACE_OUTLINE, Rows.SPAN_OUTLINE_COLUMNS, projectId, traceId, hint);
    }

    /** One span of a trace, whole, or empty when there is none; {@code hint} (which may be null) as for a trace. */
    public Optional<Span> span(String projectId, String traceId, String spanId, TimeRange hint) {
        QueryLimits.projectId(projectId);
        if (spanId == null || spanId.isBlank()) {
            throw new IllegalArgumentException("spanId is required");
        }
        SqlStatement sql = traceSpans(Rows.SPAN_COLUMNS, projectId, traceId)
                .append(AND_SPAN, SpanIds.bytes(SpanIds.canonical("spanId", spanId)));
        if (hint != null) {
            sql.append(WITHIN, hint.from(), hint.to());
        }
        return runner.query(GET_SPAN, sql.append(TRACE_ORDER), Rows::span,
                found -> found.stream().findFirst(), s -> s.isPresent() ? 1 : 0);
    }

    /** Spans matching every filter of the query, newest first. */
    public Page<Span> searchSpans(SpanQuery query) {
        return spans.search(query);
    }

    /** Requests, errors, tokens, cost and latency of LLM spans, by dimension value and time bucket. */
    public List<UsageRow> usage(UsageQuery query) {
        return usage.usage(query);
    }

    /** Sessions seen in the window with their sums, newest activity first. */
    public Page<SessionSummary> listSessions(ActivityQuery query) {
        return activity.sessions(query);
    }

    /** End users seen in the window with their sums, newest activity first. */
    public Page<UserSummary> listUsers(ActivityQuery query) {
        return activity.users(query);
    }

    /** One session's traces in the window as a conversation, or empty when none of its spans is in the window. */
    public Optional<Conversation> session(String projectId, String sessionId, TimeRange range) {
        return conversations.session(projectId, sessionId, range);
    }

    /** The values the trace filters can take in the window. */
    public SpanValues filterValues(String projectId, TimeRange range) {
        return values.values(projectId, range);
    }

    private Optional<TraceTree> load(String method, String columns, String projectId, String traceId,
            TimeRange hint) {
        QueryLimits.projectId(projectId);
        SqlStatement sql = traceSpans(columns, projectId, traceId);
        if (hint != null) {
            sql.append(WITHIN, hint.from(), hint.to());
        }
        sql.append(TRACE_ORDER);
        return runner.query(method, sql, Rows::span, TraceTrees::build,
                tree -> tree.map(t -> (int) t.summary().spanCount()).orElse(0));
    }

    private static SqlStatement traceSpans(String columns, String projectId, String traceId) {
        if (traceId == null || traceId.isBlank()) {
            throw new IllegalArgumentException("traceId is required");
        }
        return new SqlStatement().append("SELECT " + columns + FROM_TRACE, projectId,
                SpanIds.bytes(SpanIds.canonical("traceId", traceId)));
    }
}
