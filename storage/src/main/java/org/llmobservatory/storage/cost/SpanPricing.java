package org.llmobservatory.storage.cost;

import java.util.ArrayList;
import java.util.List;
import org.llmobservatory.storage.model.Span;

/**
 * Gives a model call the price table's cost when its sender gave none, at the price of the UTC day it started
 * ({@link CostCalculator}). A cost that was sent is kept as it is; a span that names no model, counted no tokens or
 * whose model has no price keeps no cost.
 */
public final class SpanPricing {

    private final CostCalculator calculator;

    public SpanPricing(CostCalculator calculator) {
        this.calculator = calculator;
    }

    /** {@code span} itself when it needs no price or has none, else a copy carrying its cost. */
    public Span price(Span span) {
        if (span.costUsd() != null || span.model() == null) {
            return span;
        }
        return calculator.cost(span).map(cost -> span.toBuilder().costUsd(cost).build()).orElse(span);
    }

    /** The spans, each priced as by {@link #price(Span)}; the same list when none changed. */
    public List<Span> price(List<Span> spans) {
        List<Span> priced = null;
        for (int i = 0; i < spans.size(); i++) {
            Span span = spans.get(i);
            Span after = price(span);
            if (after != span && priced == null) {
                priced = new ArrayList<>(spans.subList(0, i));
            }
            if (priced != null) {
                priced.add(after);
            }
        }
        return priced == null ? spans : priced;
    }
}
