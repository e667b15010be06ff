package org.llmobservatory.storage.rollup;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import org.llmobservatory.storage.model.Span;

/**
 * Where an LLM span's usage is summed: its project, its hour (UTC, epoch-aligned) and the dimensions usage groups
 * and filters by. A dimension the span did not have is {@code ""}, as stored (readers turn it back into null).
 */
public record RollupKey(String projectId, Instant hour, String serviceName, String provider, String model,
        String operation, String statusCode) {

    /** One fixed order, in which writers touch rows, so that concurrent transactions never wait on each other in a circle. */
    public static final Comparator<RollupKey> ORDER = Comparator.comparing(RollupKey::projectId)
            .thenComparing(RollupKey::hour).thenComparing(RollupKey::model).thenComparing(RollupKey::provider)
            .thenComparing(RollupKey::serviceName).thenComparing(RollupKey::operation)
            .thenComparing(RollupKey::statusCode);

    /** The key of a span with a model. */
    static RollupKey of(Span span) {
        return new RollupKey(span.projectId(), span.startTime().truncatedTo(ChronoUnit.HOURS),
                orEmpty(span.serviceName()), orEmpty(span.provider()), span.model(), orEmpty(span.operation()),
                span.statusCode().dbValue());
    }

    static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
