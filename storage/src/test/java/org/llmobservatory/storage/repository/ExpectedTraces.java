package org.llmobservatory.storage.repository;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.StatusCode;

/** What a trace list should contain, computed in plain Java from the spans a test wrote. */
final class ExpectedTraces {

    static final Comparator<TraceSummary> NEWEST_FIRST = Comparator.comparing(TraceSummary::startTime)
            .thenComparing(TraceSummary::traceId).reversed();

    private ExpectedTraces() {
    }

    /** The summaries of the project's traces in the window whose in-window spans pass {@code filter}. */
    static List<TraceSummary> of(List<Span> written, String project, TimeRange range,
            Predicate<List<Span>> filter) {
        Map<String, List<Span>> byTrace = written.stream()
                .filter(s -> s.projectId().equals(project))
                .filter(s -> !s.startTime().isBefore(range.from()) && s.startTime().isBefore(range.to()))
                .collect(Collectors.groupingBy(Span::traceId, TreeMap::new, Collectors.toList()));
        return byTrace.values().stream().filter(filter).map(ExpectedTraces::summary).sorted(NEWEST_FIRST).toList();
    }

    static Predicate<List<Span>> any(Predicate<Span> spanMatches) {
        return spans -> spans.stream().anyMatch(spanMatches);
    }

    static Predicate<List<Span>> anyEquals(Function<Span, String> field, String value) {
        return any(s -> value.equals(field.apply(s)));
    }

    static boolean hasError(List<Span> spans) {
        return spans.stream().anyMatch(s -> s.statusCode() == StatusCode.ERROR);
    }

    static double durationMs(List<Span> spans) {
        return summary(spans).durationMs();
    }

    static BigDecimal cost(List<Span> spans) {
        return spans.stream().map(Span::costUsd).filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    static TraceSummary summary(List<Span> spans) {
        Span root = spans.stream()
                .min(Comparator.comparing((Span s) -> s.parentSpanId() != null)
                        .thenComparing(Span::startTime).thenComparing(Span::spanId))
                .orElseThrow();
        Instant start = spans.stream().map(Span::startTime).min(Comparator.naturalOrder()).orElseThrow();
        Instant end = spans.stream().map(Span::endTime).max(Comparator.naturalOrder()).orElseThrow();
        return new TraceSummary(root.traceId(), root.name(), root.serviceName(), start, end,
                Duration.between(start, end).toNanos() / 1e6, spans.size(),
                spans.stream().filter(s -> s.statusCode() == StatusCode.ERROR).count(),
                sum(spans, Span::inputTokens), sum(spans, Span::outputTokens), sum(spans, Span::totalTokens),
                cost(spans), spans.stream().map(Span::model).filter(Objects::nonNull).distinct().sorted().toList());
    }

    private static long sum(List<Span> spans, Function<Span, Long> field) {
        return spans.stream().map(field).filter(Objects::nonNull).mapToLong(Long::longValue).sum();
    }
}
