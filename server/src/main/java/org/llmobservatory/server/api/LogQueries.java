package org.llmobservatory.server.api;

import static org.llmobservatory.server.api.TimeWindows.FROM;
import static org.llmobservatory.server.api.TimeWindows.TO;

import java.util.List;
import org.llmobservatory.storage.repository.LogQuery;

/** Reads the log search parameters into the repository's query; severities by number or name. */
final class LogQueries {

    static final List<String> PARAMETERS = List.of(FROM, TO, "minSeverity", "service", "traceId", "text", "limit",
            "cursor");

    private final TimeWindows windows;

    LogQueries(TimeWindows windows) {
        this.windows = windows;
    }

    LogQuery logs(Params p, String projectId) {
        // Text is taken as it came, spaces included: it is searched for literally.
        return LogQuery.of(projectId, windows.window(p))
                .withMinSeverity(p.choice("minSeverity", v -> Severities.parse("minSeverity", v)))
                .withServiceName(p.text("service"))
                .withTraceId(p.text("traceId"))
                .withText(p.literal("text"))
                .withLimit(TraceQueries.limit(p))
                .withCursor(p.text("cursor"));
    }
}
