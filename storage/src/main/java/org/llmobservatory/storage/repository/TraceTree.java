package org.llmobservatory.storage.repository;

import java.util.List;

/**
 * All spans of one trace as a tree, with its totals. Roots are the spans without a parent and those
 * whose parent was never stored, earliest first.
 */
public record TraceTree(TraceSummary summary, List<SpanNode> roots) {

    public TraceTree {
        roots = List.copyOf(roots);
    }

    public String traceId() {
        return summary.traceId();
    }
}
