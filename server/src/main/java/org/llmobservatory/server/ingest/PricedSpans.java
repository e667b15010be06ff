package org.llmobservatory.server.ingest;

import java.util.ArrayList;
import java.util.List;
import org.llmobservatory.storage.cost.CostCalculator;
import org.llmobservatory.storage.model.Span;

/** Prices the model calls whose sender gave no cost, from the price table; a sent cost is kept as is. */
public final class PricedSpans implements SpanCosts {

    private final CostCalculator costs;

    public PricedSpans(CostCalculator costs) {
        this.costs = costs;
    }

    @Override
    public List<Span> apply(List<Span> spans) {
        List<Span> priced = null;
        for (int i = 0; i < spans.size(); i++) {
            Span span = spans.get(i);
            if (span.costUsd() != null || span.model() == null) {
                continue;
            }
            var cost = costs.cost(span);
            if (cost.isPresent()) {
                if (priced == null) {
                    priced = new ArrayList<>(spans);
                }
                priced.set(i, span.toBuilder().costUsd(cost.get()).build());
            }
        }
        return priced == null ? spans : priced;
    }
}
