package org.llmobservatory.server.api;

import static org.llmobservatory.server.api.TimeWindows.FROM;
import static org.llmobservatory.server.api.TimeWindows.TO;

import java.time.Duration;
import java.util.List;
import org.llmobservatory.storage.repository.Aggregation;
import org.llmobservatory.storage.repository.SeriesQuery;
import org.llmobservatory.storage.repository.TimeRange;
import org.llmobservatory.storage.repository.UsageDimension;
import org.llmobservatory.storage.repository.UsageQuery;

/**
 * Reads the usage and metric series parameters. Usage is grouped by model unless {@code groupBy} says
 * otherwise; a series is averaged unless {@code aggregation} says otherwise, over a step that gives
 * about {@value #DEFAULT_POINTS} points when none is given.
 */
final class AggregateQueries {

    static final int DEFAULT_POINTS = 60;

    static final List<String> USAGE_PARAMETERS = List.of(FROM, TO, "groupBy", "step", "provider", "model",
            "service");
    static final List<String> SERIES_PARAMETERS = List.of("name", FROM, TO, "step", "aggregation", "groupBy",
            "service");

    private final TimeWindows windows;

    AggregateQueries(TimeWindows windows) {
        this.windows = windows;
    }

    UsageQuery usage(Params p, String projectId) {
        UsageDimension groupBy = p.choice("groupBy", UsageDimension::parse);
        return new UsageQuery(projectId, windows.window(p), groupBy == null ? UsageDimension.MODEL : groupBy,
                p.duration("step"), p.text("provider"), p.text("model"), p.text("service"));
    }

    SeriesQuery series(Params p, String projectId) {
        String name = p.text("name");
        if (name == null) {
            throw new IllegalArgumentException("name is required: the metric to read, such as "
                    + "gen_ai.client.token.usage");
        }
        TimeRange range = windows.window(p);
        Duration step = p.duration("step");
        Aggregation aggregation = p.choice("aggregation", Aggregation::parse);
        return new SeriesQuery(projectId, name, range, step == null ? defaultStep(range) : step,
                aggregation == null ? Aggregation.AVG : aggregation, p.text("groupBy"), p.text("service"));
    }

    /** Whole seconds, at least one, that cut the window into about {@value #DEFAULT_POINTS} buckets. */
    static Duration defaultStep(TimeRange range) {
        long seconds = Math.ceilDiv(range.length().toMillis(), DEFAULT_POINTS * 1000L);
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
