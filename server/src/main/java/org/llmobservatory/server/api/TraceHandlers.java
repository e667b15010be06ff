package org.llmobservatory.server.api;

import io.javalin.http.Context;
import java.util.Optional;
import org.llmobservatory.storage.auth.Principal;
import org.llmobservatory.storage.repository.TimeRange;
import org.llmobservatory.storage.repository.TraceRepository;
import org.llmobservatory.storage.repository.TraceTree;

/** The trace routes: the trace list, one trace as a span tree, and span search. */
final class TraceHandlers {

    static final String TRACE_ID = "traceId";
    static final String SPAN_ID = "spanId";

    private final TraceRepository traces;
    private final TraceQueries queries;
    private final TimeWindows windows;
    private final Json json;

    TraceHandlers(TraceRepository traces, TimeWindows windows, Json json) {
        this.traces = traces;
        this.queries = new TraceQueries(windows);
        this.windows = windows;
        this.json = json;
    }

    void list(Context ctx, Params params, Principal principal) {
        json.respond(ctx, PageJson.of(traces.listTraces(queries.traces(params, principal.projectId())), t -> t));
    }

    void trace(Context ctx, Params params, Principal principal) {
        String traceId = ctx.pathParam(TRACE_ID);
        TimeRange hint = windows.hint(params);
        TraceView view = params.choice(TraceView.PARAMETER, TraceView::parse);
        if (view == TraceView.OUTLINE) {
            json.respond(ctx, TraceTreeJson.outline(found(traces.outline(principal.projectId(), traceId, hint),
                    "trace " + traceId, hint)));
            return;
        }
        Optional<TraceTree> tree = hint == null
                ? traces.trace(principal.projectId(), traceId)
                : traces.trace(principal.projectId(), traceId, hint);
        json.respond(ctx, TraceTreeJson.of(found(tree, "trace " + traceId, hint)));
    }

    void span(Context ctx, Params params, Principal principal) {
        String traceId = ctx.pathParam(TRACE_ID);
        String spanId = ctx.pathParam(SPAN_ID);
        TimeRange hint = windows.hint(params);
        json.respond(ctx, RowJson.span(found(traces.span(principal.projectId(), traceId, spanId, hint),
                "span " + spanId + " in trace " + traceId, hint)));
    }

    private static <T> T found(Optional<T> value, String what, TimeRange hint) {
        return value.orElseThrow(() -> ApiProblem.notFound("no " + what
                + (hint == null ? "" : " with spans between " + hint.from() + " and " + hint.to())));
    }

    void spans(Context ctx, Params params, Principal principal) {
        json.respond(ctx, PageJson.of(traces.searchSpans(queries.spans(params, principal.projectId())),
                RowJson::span));
    }
}
