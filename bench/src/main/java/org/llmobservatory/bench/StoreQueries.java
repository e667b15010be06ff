package org.llmobservatory.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.IntConsumer;
import org.llmobservatory.bench.report.Scale;
import org.llmobservatory.storage.repository.ActivityQuery;
import org.llmobservatory.storage.repository.TimeRange;
import org.llmobservatory.storage.repository.TraceQuery;
import org.llmobservatory.storage.repository.TraceRepository;
import org.llmobservatory.storage.repository.UsageDimension;
import org.llmobservatory.storage.repository.UsageQuery;

/**
 * The queries issues 7 and 12 set targets for, and those the trace explorer opens with, each as the query API issues it through
 * {@link TraceRepository}, with parameters that change from run to run (another model, another trace,
 * a window slid back) so no two consecutive runs ask the same thing.
 */
final class StoreQueries {

    /** One query: its label (in plots and figure names), its p95 target, how often to run it, one execution. */
    record TimedQuery(String label, String target, double targetMillis, int warmup, int runs, IntConsumer run) {
    }

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    private StoreQueries() {
    }

    /**
     * The queries over data that ends at {@code end} and spans {@code days} days before it; at smoke scale
     * each runs ten times after two warm-ups, enough to exercise it.
     */
    static List<TimedQuery> of(TraceRepository traces, Instant end, int days, List<SpanLoader.TracePick> sample,
            Scale scale) {
        List<String> models = AgentTraces.models();
        String project = AgentTraces.PROJECT;
        return List.of(
                new TimedQuery("trace list, last hour, one model", "<= 50 ms", 50, scale.pick(2, 5), scale.pick(10, 40), i -> {
                    Instant to = end.minus(Duration.ofMinutes(2L * Math.abs(i)));
                    traces.listTraces(TraceQuery.builder(project, TimeRange.of(to.minus(HOUR), to))
                            .model(models.get(Math.floorMod(i, models.size()))).build());
                }),
                new TimedQuery("one trace tree", "<= 10 ms", 10, scale.pick(2, 10), scale.pick(10, 60), i -> {
                    SpanLoader.TracePick pick = sample.get(Math.floorMod(i * 7919, sample.size()));
                    if (traces.trace(project, pick.traceId()).isEmpty()) {
                        throw new IllegalStateException("trace " + pick.traceId() + " was written but not found");
                    }
                }),
                new TimedQuery("usage by model per hour, last 24 h", "<= 20 ms", 20, scale.pick(2, 3), scale.pick(10, 40),
                        i -> {
                            Instant to = end.minus(HOUR.multipliedBy(Math.abs(i)));
                            traces.usage(UsageQuery.of(project, TimeRange.of(to.minus(DAY), to),
                                    UsageDimension.MODEL).withStep(HOUR));
                        }),
                new TimedQuery("usage by model per hour, 30 days", "<= 50 ms", 50, 2, scale.pick(10, 30),
                        i -> {
                            Instant to = end.minus(Duration.ofMinutes(10L * Math.abs(i)));
                            traces.usage(UsageQuery.of(project, TimeRange.of(to.minus(DAY.multipliedBy(days)), to),
                                    UsageDimension.MODEL).withStep(HOUR));
                        }),
                // What a dashboard of users asks: every user's usage over the window, one row each (to rank them
                // by cost), no step.
                new TimedQuery("usage by user, last 24 h", "<= 20 ms", 20, scale.pick(2, 3), scale.pick(10, 40),
                        i -> {
                            Instant to = end.minus(HOUR.multipliedBy(Math.abs(i)));
                            traces.usage(UsageQuery.of(project, TimeRange.of(to.minus(DAY), to), UsageDimension.USER));
                        }),
                new TimedQuery("usage by user, 30 days", "<= 50 ms", 50, 2, scale.pick(10, 15),
                        i -> {
                            Instant to = end.minus(Duration.ofMinutes(10L * Math.abs(i)));
                            traces.usage(UsageQuery.of(project, TimeRange.of(to.minus(DAY.multipliedBy(days)), to),
                                    UsageDimension.USER));
                        }),
                // What the trace explorer asks as it opens: the values of its filters, the sessions and the users.
                new TimedQuery("filter values, 30 days", "<= 50 ms", 50, 2, scale.pick(10, 30),
                        i -> {
                            Instant to = end.minus(Duration.ofMinutes(10L * Math.abs(i)));
                            traces.filterValues(project, TimeRange.of(to.minus(DAY.multipliedBy(days)), to));
                        }),
                new TimedQuery("sessions, last hour", "<= 100 ms", 100, scale.pick(2, 3), scale.pick(10, 30),
                        i -> {
                            Instant to = end.minus(Duration.ofMinutes(2L * Math.abs(i)));
                            traces.listSessions(ActivityQuery.of(project, TimeRange.of(to.minus(HOUR), to)));
                        }),
                new TimedQuery("users, last 24 h", "<= 500 ms", 500, 2, scale.pick(10, 15),
                        i -> {
                            Instant to = end.minus(HOUR.multipliedBy(Math.abs(i)));
                            traces.listUsers(ActivityQuery.of(project, TimeRange.of(to.minus(DAY), to)));
                        }));
    }
}
