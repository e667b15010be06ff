package org.llmobservatory.storage.repository;

import java.util.List;
import org.llmobservatory.storage.model.Span;

/** A span of a trace tree with its child spans, earliest first. */
public record SpanNode(Span span, List<SpanNode> children) {

    public SpanNode {
        children = List.copyOf(children);
    }
}
