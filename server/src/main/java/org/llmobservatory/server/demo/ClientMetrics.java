package org.llmobservatory.server.demo;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The GenAI client metrics of the demo's model calls ({@code gen_ai.client.token.usage},
 * {@code gen_ai.client.operation.duration}), exported once per simulated minute from the window's start, each
 * export holding the calls that ended in that minute and stamped with it. Calls are held until their minute is
 * over, which the demo says by {@link #exportBefore} as its clock moves on.
 */
final class ClientMetrics {

    static final Duration INTERVAL = Duration.ofMinutes(1);

    private static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");

    /** One model call as the metrics see it; tokens are null for a call that failed. */
    private record Call(String service, Attributes attributes, Long inputTokens, Long outputTokens,
            double seconds) {
    }

    private final DemoTelemetry telemetry;
    private final Instant start;
    private final TreeMap<Long, List<Call>> pending = new TreeMap<>();
    private long exported;

    ClientMetrics(DemoTelemetry telemetry, Instant start) {
        this.telemetry = telemetry;
        this.start = start;
    }

    /** A model call that ended at {@code end}, taking {@code duration}; tokens null when it failed. */
    void record(String service, Instant end, Duration duration, Attributes attributes, Long inputTokens,
            Long outputTokens) {
        long interval = Math.max(exported, intervalOf(end));
        pending.computeIfAbsent(interval, i -> new ArrayList<>())
                .add(new Call(service, attributes, inputTokens, outputTokens, duration.toNanos() / 1e9));
    }

    /** Exports every interval that is over at {@code time}: nothing recorded later can fall in them. */
    void exportBefore(Instant time) {
        while (!end(exported).isAfter(time)) {
            export(exported++);
        }
    }

    /** Exports every interval still holding calls. */
    void exportAll() {
        while (!pending.isEmpty()) {
            export(exported++);
        }
    }

    private void export(long interval) {
        List<Call> calls = pending.remove(interval);
        if (calls != null) {
            for (Call call : calls) {
                telemetry.operationDuration(call.service()).record(call.seconds(), call.attributes());
                if (call.inputTokens() != null) {
                    var tokens = telemetry.tokenUsage(call.service());
                    tokens.record(call.inputTokens(), call.attributes().toBuilder().put(TOKEN_TYPE, "input").build());
                    tokens.record(call.outputTokens(), call.attributes().toBuilder().put(TOKEN_TYPE, "output").build());
                }
            }
        }
        // An interval without calls is collected too, as a running SDK would: its export is empty.
        telemetry.exportMetrics(end(interval));
    }

    private long intervalOf(Instant time) {
        return Math.max(0, Duration.between(start, time).toMillis() / INTERVAL.toMillis());
    }

    private Instant end(long interval) {
        return start.plus(INTERVAL.multipliedBy(interval + 1));
    }
}
