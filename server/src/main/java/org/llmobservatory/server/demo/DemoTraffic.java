package org.llmobservatory.server.demo;

import java.time.Duration;
import java.time.Instant;

/** Sends the demo's traffic and says whether every export was acknowledged. */
public final class DemoTraffic {

    /** How much was sent; {@code exported} is false when an export failed. */
    public record Result(int spans, boolean exported) {
    }

    private DemoTraffic() {
    }

    /**
     * Sends {@code traces} agent traces to the OTLP/HTTP endpoint, spread over the hour before
     * {@code now}, calling {@code progress} after each.
     */
    public static Result send(String otlpEndpoint, String apiKey, int traces, Instant now, Runnable progress) {
        int spans = 0;
        try (DemoTelemetry telemetry = new DemoTelemetry(otlpEndpoint, apiKey)) {
            TrafficGenerator generator = new TrafficGenerator(telemetry, 42);
            long stepMs = Duration.ofHours(1).toMillis() / traces;
            for (int i = traces - 1; i >= 0; i--) {
                spans += generator.agentTrace(now.minusMillis(i * stepMs));
                progress.run();
            }
            return new Result(spans, telemetry.flush());
        }
    }
}
