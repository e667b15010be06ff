package org.llmobservatory.server.api;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.llmobservatory.storage.Storage;

/** The route table of the query API, version 1: every path, its parameters and its handler. */
final class ApiRoutes {

    static final String BASE = "/api/v1";

    private ApiRoutes() {
    }

    static List<ApiRoute> of(Storage storage, Duration cacheTtl, Clock clock) {
        Json json = Json.responses();
        TimeWindows windows = new TimeWindows(clock);
        TraceHandlers traces = new TraceHandlers(storage.traceRepository(), windows, json);
        LogHandlers logs = new LogHandlers(storage.logRepository(), windows, json);
        AggregateHandlers aggregates = new AggregateHandlers(storage.traceRepository(), storage.metricRepository(),
                windows, new QueryCache(storage.redis(), cacheTtl), json);
        ActivityHandlers activity = new ActivityHandlers(storage.traceRepository(), storage.metricRepository(),
                windows, json);
        OpenApiDocument openApi = new OpenApiDocument();
        return List.of(
                ApiRoute.authenticated(BASE + "/traces", TraceQueries.TRACE_PARAMETERS, traces::list),
                ApiRoute.authenticated(BASE + "/traces/{" + TraceHandlers.TRACE_ID + "}",
                        TraceQueries.TRACE_TREE_PARAMETERS, traces::trace),
                ApiRoute.authenticated(BASE + "/traces/{" + TraceHandlers.TRACE_ID + "}/spans/{"
                        + TraceHandlers.SPAN_ID + "}", TraceQueries.HINT_PARAMETERS, traces::span),
                ApiRoute.authenticated(BASE + "/spans", TraceQueries.SPAN_PARAMETERS, traces::spans),
                ApiRoute.authenticated(BASE + "/logs", LogQueries.PARAMETERS, logs::search),
                ApiRoute.authenticated(BASE + "/metrics/series", AggregateQueries.SERIES_PARAMETERS,
                        aggregates::series),
                ApiRoute.authenticated(BASE + "/usage", AggregateQueries.USAGE_PARAMETERS, aggregates::usage),
                ApiRoute.authenticated(BASE + "/sessions", ActivityHandlers.SESSION_PARAMETERS, activity::sessions),
                ApiRoute.authenticated(BASE + "/sessions/{" + ActivityHandlers.SESSION_ID + "}",
                        ActivityHandlers.WINDOW_PARAMETERS, activity::session),
                ApiRoute.authenticated(BASE + "/users", ActivityHandlers.USER_PARAMETERS, activity::users),
                ApiRoute.authenticated(BASE + "/values", ActivityHandlers.WINDOW_PARAMETERS, activity::values),
                ApiRoute.open(BASE + "/openapi.json", openApi::serve));
    }
}
