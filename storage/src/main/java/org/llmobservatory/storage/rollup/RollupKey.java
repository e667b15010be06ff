package org.llmobservatory.storage.rollup;

import java.time.Instant;
import java.util.Comparator;
import org.llmobservatory.storage.model.Span;

/**
 * Where an LLM span's usage is summed: its project, the {@link RollupGrain}, the start of the grain's period that holds
 * the span's start (UTC, epoch-aligned) and the dimensions usage groups and filters by. A dimension the span did not have, or the grain does not keep, is
 * {@code ""}, as stored (readers turn it back into null).
 */
public record RollupKey(String projectId, RollupGrain grain, Instant periodStart, String serviceName, String provider,
        String model, String operation, String statusCode) {

    /** One fixed order, in which writers touch rows, so that concurrent transactions never wait on each other in a circle. */
    public static final Comparator<RollupKey> ORDER = Comparator.comparing(RollupKey::projectId)
            .thenComparing(RollupKey::grain).thenComparing(RollupKey::periodStart).thenComparing(RollupKey::model)
            .thenComparing(RollupKey::provider)
            .thenComparing(RollupKey::serviceName).thenComparing(RollupKey::operation)
            .thenComparing(RollupKey::statusCode);

    /** The key of a span with a model, at the finest grain. */
    static RollupKey of(Span span) {
        return new RollupKey(span.projectId(), RollupGrain.FIVE_MINUTES,
                RollupGrain.FIVE_MINUTES.periodOf(span.startTime()),
                orEmpty(span.serviceName()), orEmpty(span.provider()), span.model(), orEmpty(span.operation()),
                span.statusCode().dbValue());
    }

    static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
