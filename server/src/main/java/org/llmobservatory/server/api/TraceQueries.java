package org.llmobservatory.server.api;

import static org.llmobservatory.server.api.TimeWindows.FROM;
import static org.llmobservatory.server.api.TimeWindows.TO;

import java.util.List;
import org.llmobservatory.storage.model.StatusCode;
import org.llmobservatory.storage.repository.SpanFilter;
import org.llmobservatory.storage.repository.SpanQuery;
import org.llmobservatory.storage.repository.TraceQuery;

/** Reads the trace list and span search parameters into the repository's queries. */
final class TraceQueries {

    static final int DEFAULT_LIMIT = 50;

    static final List<String> TRACE_PARAMETERS = List.of(FROM, TO, "service", "provider", "model", "operation",
            "status", "user", "session", "minDurationMs", "minCostUsd", "limit", "cursor");
    static final List<String> SPAN_PARAMETERS = List.of(FROM, TO, "service", "provider", "model", "operation",
            "status", "user", "session", "traceId", "name", "minDurationMs", "minCostUsd", "limit", "cursor");
    /** A single trace takes an optional time hint and how much of each span to show. */
    static final List<String> TRACE_TREE_PARAMETERS = List.of(FROM, TO, TraceView.PARAMETER);
    /** A single span takes only an optional time hint. */
    static final List<String> HINT_PARAMETERS = List.of(FROM, TO);

    private final TimeWindows windows;

    TraceQueries(TimeWindows windows) {
        this.windows = windows;
    }

    TraceQuery traces(Params p, String projectId) {
        return TraceQuery.builder(projectId, windows.window(p))
                .filter(filter(p))
                .limit(limit(p))
                .cursor(p.text("cursor"))
                .build();
    }

    SpanQuery spans(Params p, String projectId) {
        return SpanQuery.builder(projectId, windows.window(p))
                .filter(filter(p))
                .traceId(p.text("traceId"))
                .name(p.text("name"))
                .limit(limit(p))
                .cursor(p.text("cursor"))
                .build();
    }

    /** The parameters both listings share. */
    private static SpanFilter filter(Params p) {
        return new SpanFilter(p.text("service"), p.text("provider"), p.text("model"), p.text("operation"),
                p.text("user"), p.text("session"), p.choice("status", StatusCode::fromDb), p.number("minDurationMs"),
                p.amount("minCostUsd"));
    }

    static int limit(Params p) {
        Integer limit = p.integer("limit");
        return limit == null ? DEFAULT_LIMIT : limit;
    }
}
