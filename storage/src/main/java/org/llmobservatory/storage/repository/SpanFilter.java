package org.llmobservatory.storage.repository;

import java.math.BigDecimal;
import org.llmobservatory.storage.model.StatusCode;

/**
 * The span fields a trace listing and a span search are both filtered by; a null filter is not applied. A span
 * search applies each to the span itself; a trace listing keeps a trace when any of its spans in the window matches
 * (see {@link TraceQuery} for its status).
 */
public record SpanFilter(
        String serviceName,
        String provider,
        String model,
        String operation,
        String userId,
        String sessionId,
        StatusCode status,
        Double minDurationMs,
        BigDecimal minCostUsd) {

    /** Nothing filtered. */
    public static final SpanFilter NONE = new SpanFilter(null, null, null, null, null, null, null, null, null);

    public SpanFilter {
        serviceName = QueryLimits.filter(serviceName);
        provider = QueryLimits.filter(provider);
        model = QueryLimits.filter(model);
        operation = QueryLimits.filter(operation);
        userId = QueryLimits.filter(userId);
        sessionId = QueryLimits.filter(sessionId);
        QueryLimits.notNegative("minDurationMs", minDurationMs);
        QueryLimits.notNegative("minCostUsd", minCostUsd);
    }

    /**
     * The filter setters of the trace and span query builders, one each.
     *
     * @param <B> the builder, returned by every setter
     */
    public abstract static class Setters<B extends Setters<B>> {
        private String serviceName;
        private String provider;
        private String model;
        private String operation;
        private String userId;
        private String sessionId;
        private StatusCode status;
        private Double minDurationMs;
        private BigDecimal minCostUsd;

        Setters() {
        }

        abstract B self();

        public B serviceName(String v) { serviceName = v; return self(); }
        public B provider(String v) { provider = v; return self(); }
        public B model(String v) { model = v; return self(); }
        public B operation(String v) { operation = v; return self(); }
        public B userId(String v) { userId = v; return self(); }
        public B sessionId(String v) { sessionId = v; return self(); }
        public B status(StatusCode v) { status = v; return self(); }
        public B minDurationMs(Double v) { minDurationMs = v; return self(); }
        public B minCostUsd(BigDecimal v) { minCostUsd = v; return self(); }

        /** Every filter at once, as {@code filter} holds them. */
        public B filter(SpanFilter filter) {
            return serviceName(filter.serviceName()).provider(filter.provider()).model(filter.model())
                    .operation(filter.operation()).userId(filter.userId()).sessionId(filter.sessionId())
                    .status(filter.status()).minDurationMs(filter.minDurationMs()).minCostUsd(filter.minCostUsd());
        }

        /** The filters set so far. */
        SpanFilter filter() {
            return new SpanFilter(serviceName, provider, model, operation, userId, sessionId, status, minDurationMs,
                    minCostUsd);
        }
    }
}
