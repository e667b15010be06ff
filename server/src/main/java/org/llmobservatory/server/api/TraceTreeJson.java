package org.llmobservatory.server.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import org.llmobservatory.storage.repository.SpanNode;
import org.llmobservatory.storage.repository.TraceSummary;
import org.llmobservatory.storage.repository.TraceTree;

/** One trace as the API shows it: its summary line and its root spans, each with its children nested. */
record TraceTreeJson(TraceSummary summary, List<Node> roots) {

    /** A span with its child spans, earliest first. */
    record Node(@JsonUnwrapped SpanJson span, List<Node> children) {

        static Node of(SpanNode node) {
            return new Node(SpanJson.of(node.span()), node.children().stream().map(Node::of).toList());
        }
    }

    static TraceTreeJson of(TraceTree tree) {
        return new TraceTreeJson(tree.summary(), tree.roots().stream().map(Node::of).toList());
    }
}
