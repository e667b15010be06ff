package org.llmobservatory.server.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import java.util.function.Function;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.repository.SpanNode;
import org.llmobservatory.storage.repository.TraceSummary;
import org.llmobservatory.storage.repository.TraceTree;

/** One trace as the API shows it: its summary line and its root spans, each with its children nested. */
record TraceTreeJson(TraceSummary summary, List<Node> roots) {

    /** A span with its child spans, earliest first. */
    record Node(@JsonUnwrapped RowJson<Span> span, List<Node> children) {

        static Node of(SpanNode node, Function<Span, RowJson<Span>> shown) {
            return new Node(shown.apply(node.span()), node.children().stream().map(n -> of(n, shown)).toList());
        }
    }

    /** Every span whole. */
    static TraceTreeJson of(TraceTree tree) {
        return of(tree, RowJson::span);
    }

    /** Every span without its large values, as an outline shows it. */
    static TraceTreeJson outline(TraceTree tree) {
        return of(tree, RowJson::spanOutline);
    }

    private static TraceTreeJson of(TraceTree tree, Function<Span, RowJson<Span>> shown) {
        return new TraceTreeJson(tree.summary(), tree.roots().stream().map(n -> Node.of(n, shown)).toList());
    }
}
