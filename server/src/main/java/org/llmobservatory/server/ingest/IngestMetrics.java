package org.llmobservatory.server.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.llmobservatory.server.otlp.TelemetrySignal;

/**
 * {@code ingest_requests_total{signal, protocol, outcome}} and
 * {@code ingest_items_total{signal, protocol, outcome}} on a Micrometer registry, every combination
 * registered at zero up front.
 */
public final class IngestMetrics implements IngestObserver {

    private static final String[] ITEM_OUTCOMES = {"accepted", "rejected", "refused"};

    private final Counter[] requests;
    private final Counter[] items;

    public IngestMetrics(MeterRegistry registry) {
        int signals = TelemetrySignal.values().length;
        int protocols = Protocol.values().length;
        requests = new Counter[signals * protocols * IngestOutcome.values().length];
        items = new Counter[signals * protocols * ITEM_OUTCOMES.length];
        for (TelemetrySignal signal : TelemetrySignal.values()) {
            for (Protocol protocol : Protocol.values()) {
                for (IngestOutcome outcome : IngestOutcome.values()) {
                    requests[requestSlot(signal, protocol, outcome)] = Counter.builder("ingest.requests")
                            .description("OTLP export requests by signal, protocol and outcome")
                            .tags("signal", signal.label(), "protocol", protocol.label(), "outcome", outcome.label())
                            .register(registry);
                }
                for (int o = 0; o < ITEM_OUTCOMES.length; o++) {
                    items[itemSlot(signal, protocol, o)] = Counter.builder("ingest.items")
                            .description("Spans, log records and metric points received, by outcome")
                            .tags("signal", signal.label(), "protocol", protocol.label(), "outcome", ITEM_OUTCOMES[o])
                            .register(registry);
                }
            }
        }
    }

    @Override
    public void requestEnded(TelemetrySignal signal, Protocol protocol, IngestOutcome outcome, int accepted,
            int rejected, int refused) {
        requests[requestSlot(signal, protocol, outcome)].increment();
        items[itemSlot(signal, protocol, 0)].increment(accepted);
        items[itemSlot(signal, protocol, 1)].increment(rejected);
        items[itemSlot(signal, protocol, 2)].increment(refused);
    }

    private static int requestSlot(TelemetrySignal signal, Protocol protocol, IngestOutcome outcome) {
        return (signal.ordinal() * Protocol.values().length + protocol.ordinal()) * IngestOutcome.values().length
                + outcome.ordinal();
    }

    private static int itemSlot(TelemetrySignal signal, Protocol protocol, int outcome) {
        return (signal.ordinal() * Protocol.values().length + protocol.ordinal()) * ITEM_OUTCOMES.length + outcome;
    }
}
