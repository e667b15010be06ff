package org.llmobservatory.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.llmobservatory.storage.model.Span;

/**
 * OTLP/protobuf export requests of {@link AgentTraces}, as an instrumented application sends them: each request
 * takes the next spans of traces spread over the hour before the moment it is asked for, the last of them ending
 * shortly before that moment, and, as an SDK's batch processor does, cuts a trace that does not fit and sends its
 * other spans with the next request. The same seed and moments give the same requests.
 */
public final class ExportRequests {

    private final SplittableRandom seeds;
    private final List<Span> pending = new ArrayList<>();

    public ExportRequests(long seed) {
        this.seeds = new SplittableRandom(seed);
    }

    /**
     * The protobuf body of the next request: {@code spans} spans, those drawn for it from the hour before
     * {@code now}.
     */
    public byte[] next(int spans, Instant now) {
        if (pending.size() < spans) {
            pending.addAll(AgentTraces.hourBefore(now, seeds.nextLong(), spans));
        }
        List<Span> sent = pending.subList(0, spans);
        byte[] body = OtlpExport.request(sent).toByteArray();
        sent.clear();
        return body;
    }
}
