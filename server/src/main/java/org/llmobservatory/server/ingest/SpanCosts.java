package org.llmobservatory.server.ingest;

import java.util.List;
import java.util.function.UnaryOperator;
import org.llmobservatory.storage.model.Span;

/** Fills in the cost of spans whose client sent none (from the price table), leaving the rest as sent. */
@FunctionalInterface
public interface SpanCosts extends UnaryOperator<List<Span>> {

    /** Leaves every span as it is. */
    SpanCosts NONE = spans -> spans;
}
