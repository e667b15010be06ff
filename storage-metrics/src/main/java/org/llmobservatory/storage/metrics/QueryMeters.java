package org.llmobservatory.storage.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.llmobservatory.storage.query.RepositoryKind;

/**
 * The query-side families: duration and result count by repository and method. The repositories'
 * method names are a fixed set in code; they are registered up front so dashboards show them at zero.
 */
final class QueryMeters {

    static final Map<RepositoryKind, List<String>> KNOWN_METHODS = Map.of(
            RepositoryKind.TRACE, List.of("list_traces", "get_trace", "get_trace_outline", "get_span", "search_spans", "usage", "list_sessions",
                    "get_session", "list_users", "filter_values"),
            RepositoryKind.LOG, List.of("search_logs"),
            RepositoryKind.METRIC, List.of("series", "metric_names"),
            RepositoryKind.AUTH, List.of("authenticate", "read_access_mode", "create_key", "revoke_key", "list_keys",
                    "count_active_keys", "reopen", "require_keys"),
            RepositoryKind.COST, List.of("read_prices", "seed_prices"),
            RepositoryKind.SCHEMA, List.of("create_partition", "drop_partition", "list_partitions", "table_sizes",
                    "move_project"));

    private record Key(RepositoryKind repository, String method) {
    }

    private record Meters(Timer duration, DistributionSummary results) {
    }

    private final MeterRegistry registry;
    private final Map<Key, Meters> meters = new ConcurrentHashMap<>();

    QueryMeters(MeterRegistry registry) {
        this.registry = registry;
        KNOWN_METHODS.forEach((repository, methods) -> methods.forEach(m -> meters(repository, m)));
    }

    void completed(RepositoryKind repository, String method, long nanos, int resultCount) {
        Meters m = meters(repository, method);
        m.duration().record(nanos, TimeUnit.NANOSECONDS);
        m.results().record(resultCount);
    }

    private Meters meters(RepositoryKind repository, String method) {
        return meters.computeIfAbsent(new Key(repository, method), k -> new Meters(
                Timer.builder("storage.query.duration")
                        .description("Time to run a repository query and read its rows")
                        .tags("repository", repository.label(), "method", method)
                        .serviceLevelObjectives(Buckets.QUERY)
                        .register(registry),
                StorageMetrics.summary("storage.query.result.count", "Rows a repository query returned",
                                Buckets.RESULT_COUNT)
                        .tags("repository", repository.label(), "method", method)
                        .register(registry)));
    }
}
