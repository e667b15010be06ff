package org.llmobservatory.server.api;

import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.llmobservatory.storage.auth.Principal;
import org.llmobservatory.storage.repository.MetricRepository;
import org.llmobservatory.storage.repository.Series;
import org.llmobservatory.storage.repository.SeriesQuery;
import org.llmobservatory.storage.repository.TraceRepository;
import org.llmobservatory.storage.repository.UsageQuery;
import org.llmobservatory.storage.repository.UsageRow;
import org.llmobservatory.storage.rollup.LatencyBuckets;

/**
 * The aggregate routes, usage and metric series, answered through the {@link QueryCache}; the
 * {@code X-Cache} header says whether the answer came from it.
 */
final class AggregateHandlers {

    static final String CACHE_HEADER = "X-Cache";

    /**
     * The usage answer: the query as understood, where its percentiles come from, and one row per dimension value and
     * bucket.
     */
    record UsageJson(Instant from, Instant to, String groupBy, Duration step, LatencyJson latency,
            List<UsageRow> rows) {
    }

    /**
     * How the percentiles were computed: {@code estimate} from the hourly rollups' histograms, within
     * {@code relativeError} of the exact nearest-rank value, or {@code exact} from the spans ({@code percentile_cont}).
     */
    record LatencyJson(String percentiles, String source, Double relativeError) {
        static LatencyJson of(UsageQuery q) {
            return q.fromRollups() ? new LatencyJson("estimate", "rollups", LatencyBuckets.RELATIVE_ACCURACY)
                    : new LatencyJson("exact", "spans", null);
        }
    }

    /** The series answer: the query as understood, and one series per group. */
    record SeriesJson(String name, Instant from, Instant to, Duration step, String aggregation, String groupBy,
            List<Series> series) {
    }

    private final TraceRepository traces;
    private final MetricRepository metrics;
    private final AggregateQueries queries;
    private final QueryCache cache;
    private final Json json;

    AggregateHandlers(TraceRepository traces, MetricRepository metrics, TimeWindows windows, QueryCache cache,
            Json json) {
        this.traces = traces;
        this.metrics = metrics;
        this.queries = new AggregateQueries(windows);
        this.cache = cache;
        this.json = json;
    }

    void usage(Context ctx, Params params, Principal principal) {
        UsageQuery q = queries.usage(params, principal.projectId());
        respond(ctx, cache.answer("usage", q, () -> json.write(new UsageJson(q.range().from(), q.range().to(),
                lower(q.groupBy()), q.step(), LatencyJson.of(q), traces.usage(q)))));
    }

    void series(Context ctx, Params params, Principal principal) {
        SeriesQuery q = queries.series(params, principal.projectId());
        Supplier<String> compute = () -> json.write(new SeriesJson(q.metricName(), q.range().from(), q.range().to(),
                q.step(), lower(q.aggregation()), q.groupBy(), metrics.series(q)));
        respond(ctx, cache.answer("series", q, compute));
    }

    private static void respond(Context ctx, QueryCache.Answer answer) {
        ctx.status(200).contentType(Json.CONTENT_TYPE).header(CACHE_HEADER, answer.status().header())
                .result(answer.body());
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
