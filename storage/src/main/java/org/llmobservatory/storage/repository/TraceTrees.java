package org.llmobservatory.storage.repository;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.StatusCode;

/**
 * Assembles the spans of one trace into a tree. Built without recursion, so a very deep trace cannot
 * overflow the stack, and robust to what clients really send: a span whose parent is missing becomes a
 * root, and a parent cycle is broken at its earliest span.
 */
final class TraceTrees {

    private static final Comparator<SpanNode> BY_START = Comparator
            .comparing((SpanNode n) -> n.span().startTime())
            .thenComparing(n -> n.span().spanId());

    private TraceTrees() {
    }

    /** The tree of {@code spans}, which must be sorted by start time then span id; empty when none. */
    static Optional<TraceTree> build(List<Span> spans) {
        if (spans.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Span> byId = new HashMap<>();
        spans.forEach(s -> byId.putIfAbsent(s.spanId(), s));
        Map<Span, List<Span>> children = new IdentityHashMap<>();
        List<Span> roots = new ArrayList<>();
        for (Span s : spans) {
            Span parent = s.parentSpanId() == null ? null : byId.get(s.parentSpanId());
            if (parent == null || parent == s) {
                roots.add(s);
            } else {
                children.computeIfAbsent(parent, p -> new ArrayList<>()).add(s);
            }
        }
        Set<Span> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<SpanNode> rootNodes = new ArrayList<>();
        roots.forEach(root -> rootNodes.add(grow(root, children, seen)));
        for (Span s : spans) {
            if (!seen.contains(s)) {
                rootNodes.add(grow(s, children, seen));
            }
        }
        rootNodes.sort(BY_START);
        return Optional.of(new TraceTree(summary(spans), rootNodes));
    }

    private static SpanNode grow(Span root, Map<Span, List<Span>> children, Set<Span> seen) {
        List<Span> preorder = new ArrayList<>();
        Map<Span, List<Span>> kept = new IdentityHashMap<>();
        Deque<Span> todo = new ArrayDeque<>();
        seen.add(root);
        todo.push(root);
        while (!todo.isEmpty()) {
            Span s = todo.pop();
            preorder.add(s);
            List<Span> mine = new ArrayList<>();
            for (Span child : children.getOrDefault(s, List.of())) {
                if (seen.add(child)) {
                    mine.add(child);
                    todo.push(child);
                }
            }
            kept.put(s, mine);
        }
        // In reverse preorder every child is built before its parent.
        Map<Span, SpanNode> nodes = new IdentityHashMap<>();
        for (int i = preorder.size() - 1; i >= 0; i--) {
            Span s = preorder.get(i);
            nodes.put(s, new SpanNode(s, kept.get(s).stream().map(nodes::get).toList()));
        }
        return nodes.get(root);
    }

    /** The same totals the trace list computes in SQL, over every span of the trace. */
    static TraceSummary summary(List<Span> spans) {
        Span root = spans.stream().filter(Span::isRoot).findFirst().orElse(spans.get(0));
        Instant start = spans.stream().map(Span::startTime).min(Comparator.naturalOrder()).orElseThrow();
        Instant end = spans.stream().map(Span::endTime).max(Comparator.naturalOrder()).orElseThrow();
        long errors = 0;
        long input = 0;
        long output = 0;
        long total = 0;
        BigDecimal cost = BigDecimal.ZERO;
        TreeSet<String> models = new TreeSet<>();
        for (Span s : spans) {
            errors += s.statusCode() == StatusCode.ERROR ? 1 : 0;
            input += s.inputTokens() == null ? 0 : s.inputTokens();
            output += s.outputTokens() == null ? 0 : s.outputTokens();
            total += s.totalTokens() == null ? 0 : s.totalTokens();
            cost = s.costUsd() == null ? cost : cost.add(s.costUsd());
            if (s.model() != null) {
                models.add(s.model());
            }
        }
        return new TraceSummary(root.traceId(), root.name(), root.serviceName(), start, end,
                Duration.between(start, end).toNanos() / 1_000_000.0, spans.size(), errors, input, output, total,
                cost, List.copyOf(models));
    }
}
