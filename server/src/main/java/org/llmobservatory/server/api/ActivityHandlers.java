package org.llmobservatory.server.api;

import static org.llmobservatory.server.api.TimeWindows.FROM;
import static org.llmobservatory.server.api.TimeWindows.TO;

import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.llmobservatory.storage.auth.Principal;
import org.llmobservatory.storage.repository.ActivityQuery;
import org.llmobservatory.storage.repository.Conversation;
import org.llmobservatory.storage.repository.MetricRepository;
import org.llmobservatory.storage.repository.SpanValues;
import org.llmobservatory.storage.repository.TimeRange;
import org.llmobservatory.storage.repository.TraceRepository;

/**
 * The routes of who used what: sessions and users with their sums, one session as a conversation, and the values
 * the filters can take in a window.
 */
final class ActivityHandlers {

    static final String SESSION_ID = "sessionId";
    static final List<String> SESSION_PARAMETERS = List.of(FROM, TO, "user", "service", "limit", "cursor");
    static final List<String> USER_PARAMETERS = List.of(FROM, TO, "service", "limit", "cursor");
    static final List<String> WINDOW_PARAMETERS = List.of(FROM, TO);

    /** One session as a conversation: its sums, then its traces oldest first. */
    record ConversationJson(String sessionId, String userId, long traceCount, long errorCount, long totalTokens,
            BigDecimal costUsd, Instant firstSeen, Instant lastSeen, boolean truncated,
            List<Conversation.Turn> traces) {

        static ConversationJson of(Conversation c) {
            return new ConversationJson(c.sessionId(), c.userId(), c.turns().size(), c.errorCount(), c.totalTokens(),
                    c.costUsd(), c.firstSeen(), c.lastSeen(), c.truncated(), c.turns());
        }
    }

    /** The values of the filters in a window. */
    record ValuesJson(Instant from, Instant to, List<String> services, List<String> providers, List<String> models,
            List<String> operations, List<String> users, List<String> metricNames) {

        static ValuesJson of(TimeRange range, SpanValues spans, List<String> metricNames) {
            return new ValuesJson(range.from(), range.to(), spans.services(), spans.providers(), spans.models(),
                    spans.operations(), spans.users(), metricNames);
        }
    }

    private final TraceRepository traces;
    private final MetricRepository metrics;
    private final TimeWindows windows;
    private final Json json;

    ActivityHandlers(TraceRepository traces, MetricRepository metrics, TimeWindows windows, Json json) {
        this.traces = traces;
        this.metrics = metrics;
        this.windows = windows;
        this.json = json;
    }

    void sessions(Context ctx, Params params, Principal principal) {
        ActivityQuery q = new ActivityQuery(principal.projectId(), windows.window(params), params.text("user"),
                params.text("service"), TraceQueries.limit(params), params.text("cursor"));
        json.respond(ctx, PageJson.of(traces.listSessions(q), s -> s));
    }

    void users(Context ctx, Params params, Principal principal) {
        ActivityQuery q = new ActivityQuery(principal.projectId(), windows.window(params), null,
                params.text("service"), TraceQueries.limit(params), params.text("cursor"));
        json.respond(ctx, PageJson.of(traces.listUsers(q), u -> u));
    }

    void session(Context ctx, Params params, Principal principal) {
        String sessionId = ctx.pathParam(SESSION_ID);
        TimeRange window = windows.window(params);
        Conversation conversation = traces.session(principal.projectId(), sessionId, window)
                .orElseThrow(() -> ApiProblem.notFound("no session " + sessionId + " with spans between "
                        + window.from() + " and " + window.to()));
        json.respond(ctx, ConversationJson.of(conversation));
    }

    void values(Context ctx, Params params, Principal principal) {
        TimeRange window = windows.window(params);
        json.respond(ctx, ValuesJson.of(window, traces.filterValues(principal.projectId(), window),
                metrics.metricNames(principal.projectId(), window, SpanValues.MAX_VALUES)));
    }
}
