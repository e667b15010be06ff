package org.llmobservatory.storage.repository;

/**
 * How the points of one time bucket become one value. Each maps to a fixed SQL expression over the
 * per-point columns {@code total}, {@code weight}, {@code low} and {@code high} that
 * {@link MetricRepository} derives (see there for histograms).
 */
public enum Aggregation {
    AVG("sum(total) / nullif(sum(weight) FILTER (WHERE total IS NOT NULL), 0)"),
    SUM("sum(total)"),
    MIN("min(low)"),
    MAX("max(high)"),
    COUNT("sum(weight)::double precision"),
    // Ties at the same instant (points of several series) are broken by series id, so LAST is stable.
    LAST("""
            (array_agg(total / weight ORDER BY time DESC, series_id DESC)
                FILTER (WHERE total IS NOT NULL AND weight <> 0))[1]""");

    private final String expression;

    Aggregation(String expression) {
        this.expression = expression;
    }

    /** The SQL aggregate, a constant chosen here and never taken from input. */
    String expression() {
        return expression;
    }

    /** Parses {@code avg}, {@code sum}, {@code min}, {@code max}, {@code count} or {@code last} in any case. */
    public static Aggregation parse(String value) {
        return Enums.parse(Aggregation.class, "aggregation", value);
    }
}
