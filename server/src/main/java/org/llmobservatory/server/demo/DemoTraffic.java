package org.llmobservatory.server.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import org.llmobservatory.server.demo.Conversation.Turn;

/** Sends the demo's traffic and says whether every export was acknowledged. */
public final class DemoTraffic {

    /** How much was sent; {@code exported} is false when an export failed. */
    public record Result(int spans, int logRecords, boolean exported) {
    }

    /** The traffic's time span, ending when the demo starts. */
    static final Duration WINDOW = Duration.ofHours(1);

    private DemoTraffic() {
    }

    /**
     * Why the service at {@code otlpEndpoint} would not take the demo's traffic, found with one empty export before
     * any is sent: nothing answers, or it wants an API key. Empty when it takes it.
     */
    public static Optional<String> refusal(String otlpEndpoint, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(otlpEndpoint + "/v1/traces"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.noBody());
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return switch (status) {
                case 200 -> Optional.empty();
                case 401 -> Optional.of(apiKey == null
                        ? "the service at " + otlpEndpoint + " requires an API key: pass one with --api-key"
                        : "the service at " + otlpEndpoint + " does not accept that API key (--api-key)");
                default -> Optional.of("the service at " + otlpEndpoint + " answered an empty export with HTTP "
                        + status);
            };
        } catch (IOException e) {
            return Optional.of("nothing answers OTLP/HTTP at " + otlpEndpoint + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /**
     * Sends {@code traces} agent traces to the OTLP/HTTP endpoint, the turns of conversations spread over the
     * hour before {@code now}, calling {@code progress} after each; and the GenAI client metrics of their model
     * calls, one export per minute of that hour.
     */
    public static Result send(String otlpEndpoint, String apiKey, int traces, Instant now, Runnable progress) {
        Instant from = now.minus(WINDOW);
        SplittableRandom random = new SplittableRandom(42);
        int spans = 0;
        try (DemoTelemetry telemetry = new DemoTelemetry(otlpEndpoint, apiKey, from)) {
            ClientMetrics metrics = new ClientMetrics(telemetry, from);
            TrafficGenerator generator = new TrafficGenerator(telemetry, metrics, random);
            for (Turn turn : ConversationPlan.turns(traces, from, now, random)) {
                metrics.exportBefore(turn.start());
                spans += generator.turn(turn);
                progress.run();
            }
            metrics.exportAll();
            return new Result(spans, telemetry.logRecords(), telemetry.flush());
        }
    }
}
