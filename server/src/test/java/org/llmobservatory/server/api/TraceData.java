package org.llmobservatory.server.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.StatusCode;
import org.llmobservatory.storage.support.Spans;

/**
 * The traces the trace and span route tests read, in the window [T0, T0 + 1 h) of project default:
 * A, an agent run (root, LLM call, tool call); B, a failing, slow, costly Anthropic call of another
 * service; C, a cheap embedding call; F1 to F4, plain chat calls; plus one trace before the window and
 * two around the real current time (10 minutes and 2 hours ago).
 */
final class TraceData {

    static final String PROJECT = "default";
    static final Instant T0 = Instant.parse("2031-05-01T10:00:00Z");
    static final String FROM = T0.toString();
    static final String TO = T0.plusSeconds(3600).toString();

    final String a = Spans.traceId();
    final String b = Spans.traceId();
    final String c = Spans.traceId();
    final List<String> fillers = new ArrayList<>();
    final String outside = Spans.traceId();
    final String recent = Spans.traceId();
    final String twoHoursAgo = Spans.traceId();
    final Span root;
    final Span llmChild;
    final Span search;
    final Span failing;
    final List<Span> spans = new ArrayList<>();

    TraceData() {
        Instant ta = T0.plusSeconds(60);
        root = Spans.step(PROJECT, a, "agent run", ta, 1500).build();
        llmChild = Spans.llmCall(PROJECT, a, ta.plusMillis(100), 1200).parentSpanId(root.spanId())
                .attributes("{\"gen_ai.request.temperature\": 0.2}").build();
        search = Spans.step(PROJECT, a, "search", ta.plusMillis(1300), 100).parentSpanId(root.spanId()).build();
        failing = Spans.llmCall(PROJECT, b, T0.plusSeconds(120), 3000).provider("anthropic").model("claude-3-5-sonnet")
                .serviceName("billing-api").userId("user-2").sessionId("session-2")
                .statusCode(StatusCode.ERROR).statusMessage("rate limited")
                .costUsd(new BigDecimal("0.05")).build();
        spans.addAll(List.of(root, llmChild, search, failing,
                Spans.llmCall(PROJECT, c, T0.plusSeconds(180), 100).model("gpt-4o-mini").operation("embeddings")
                        .userId("user-3").sessionId("session-3").costUsd(new BigDecimal("0.0001")).build(),
                Spans.llmCall(PROJECT, outside, T0.minusSeconds(600), 500).build()));
        for (int i = 0; i < 4; i++) {
            String id = Spans.traceId();
            fillers.add(id);
            spans.add(Spans.llmCall(PROJECT, id, T0.plusSeconds(600 + 60L * i), 500).build());
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        spans.add(Spans.llmCall(PROJECT, recent, now.minusSeconds(600), 500).build());
        spans.add(Spans.llmCall(PROJECT, twoHoursAgo, now.minusSeconds(7200), 500).build());
    }

    /** Every trace in the window, newest first. */
    List<String> newestFirst() {
        return List.of(fillers.get(3), fillers.get(2), fillers.get(1), fillers.get(0), c, b, a);
    }

    /** Trace ids by their letters: "a", "b", "c", or "f" for the four fillers. */
    List<String> traces(String names) {
        List<String> ids = new ArrayList<>();
        for (String name : names.split(" ")) {
            switch (name) {
                case "a" -> ids.add(a);
                case "b" -> ids.add(b);
                case "c" -> ids.add(c);
                case "f" -> ids.addAll(fillers);
                default -> throw new IllegalArgumentException(name);
            }
        }
        return ids;
    }
}
