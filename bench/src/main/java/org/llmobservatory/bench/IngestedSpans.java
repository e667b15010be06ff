package org.llmobservatory.bench;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.llmobservatory.server.mapping.MappedSpans;
import org.llmobservatory.server.mapping.SpanMapper;
import org.llmobservatory.server.mapping.TimeWindow;
import org.llmobservatory.server.redaction.Redaction;
import org.llmobservatory.server.values.ContentLimits;
import org.llmobservatory.storage.model.Span;

/**
 * Generated spans as the service stores them when an application sends them over OTLP: encoded as its SDK would
 * ({@link OtlpExport}, requests of 512) and mapped back by the service's own {@link SpanMapper}, so each carries the
 * GenAI conventions' attributes beside its own; each keeps the generator's cost (over OTLP none is sent, and the
 * storage prices the calls). The ingest section writes these rows by every path, so that psql's COPY, the writer and
 * the OTLP clients store the same rows.
 */
public final class IngestedSpans {

    private static final int PER_REQUEST = 512;

    private IngestedSpans() {
    }

    /** {@code generated}, each as the service would store it, filed under the project of its request's first span. */
    public static List<Span> of(List<Span> generated) {
        SpanMapper mapper = new SpanMapper(ContentLimits.DEFAULT, TimeWindow.DEFAULT, Clock.systemUTC(),
                Redaction.off());
        List<Span> stored = new ArrayList<>(generated.size());
        for (int from = 0; from < generated.size(); from += PER_REQUEST) {
            List<Span> request = generated.subList(from, Math.min(generated.size(), from + PER_REQUEST));
            MappedSpans mapped = mapper.map(request.getFirst().projectId(), OtlpExport.request(request));
            if (!mapped.rejected().isEmpty()) {
                throw new IllegalStateException("the service would refuse generated spans: " + mapped.errorMessage());
            }
            Map<String, BigDecimal> costs = new HashMap<>();
            request.stream().filter(s -> s.costUsd() != null).forEach(s -> costs.put(s.spanId(), s.costUsd()));
            for (Span span : mapped.spans()) {
                BigDecimal cost = costs.get(span.spanId());
                stored.add(cost == null ? span : span.toBuilder().costUsd(cost).build());
            }
        }
        return stored;
    }
}
