package org.llmobservatory.server.api;

import io.javalin.http.Context;
import org.llmobservatory.storage.auth.Principal;
import org.llmobservatory.storage.repository.LogRepository;

/** The log search route. */
final class LogHandlers {

    private final LogRepository logs;
    private final LogQueries queries;
    private final Json json;

    LogHandlers(LogRepository logs, TimeWindows windows, Json json) {
        this.logs = logs;
        this.queries = new LogQueries(windows);
        this.json = json;
    }

    void search(Context ctx, Params params, Principal principal) {
        json.respond(ctx, PageJson.of(logs.search(queries.logs(params, principal.projectId())), RowJson::log));
    }
}
