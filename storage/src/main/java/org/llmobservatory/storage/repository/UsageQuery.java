package org.llmobservatory.storage.repository;

import java.time.Duration;

/**
 * Usage of the LLM spans (those with a model) of a project in the window, grouped by one dimension
 * and, when {@code step} is set, by epoch-aligned time buckets of that width (at least 1 s, at most
 * 10,000 buckets). A null step makes one bucket of the whole window. Null filters are not applied.
 */
public record UsageQuery(
        String projectId,
        TimeRange range,
        UsageDimension groupBy,
        Duration step,
        String provider,
        String model,
        String serviceName) {

    public UsageQuery {
        QueryLimits.projectId(projectId);
        QueryLimits.range(range);
        if (groupBy == null) {
            throw new IllegalArgumentException("usage needs a dimension to group by: model, provider, service or user");
        }
        if (step != null) {
            QueryLimits.step(step, range);
        }
        provider = QueryLimits.filter(provider);
        model = QueryLimits.filter(model);
        serviceName = QueryLimits.filter(serviceName);
    }

    /**
     * True when the hourly rollups answer this query: every bucket is whole hours (no step, or a step of whole
     * hours) and the dimension is one the rollups keep (not the user). Percentiles are then estimates within 1%
     * ({@code LatencyBuckets.RELATIVE_ACCURACY}) of the exact nearest-rank value; otherwise they are exact
     * ({@code percentile_cont}).
     */
    public boolean fromRollups() {
        return groupBy != UsageDimension.USER && (step == null || step.toNanos() % HOUR_NANOS == 0);
    }

    private static final long HOUR_NANOS = Duration.ofHours(1).toNanos();

    /** Usage of the whole window grouped by {@code groupBy}, without filters. */
    public static UsageQuery of(String projectId, TimeRange range, UsageDimension groupBy) {
        return new UsageQuery(projectId, range, groupBy, null, null, null, null);
    }

    public UsageQuery withStep(Duration value) {
        return new UsageQuery(projectId, range, groupBy, value, provider, model, serviceName);
    }

    public UsageQuery withProvider(String value) {
        return new UsageQuery(projectId, range, groupBy, step, value, model, serviceName);
    }

    public UsageQuery withModel(String value) {
        return new UsageQuery(projectId, range, groupBy, step, provider, value, serviceName);
    }

    public UsageQuery withServiceName(String value) {
        return new UsageQuery(projectId, range, groupBy, step, provider, model, value);
    }
}
