package org.llmobservatory.server.ingest;

import java.time.Duration;
import org.llmobservatory.server.otlp.TelemetrySignal;

/**
 * One OTLP export request as its transport received it, before anything is checked.
 *
 * @param signal         what the request carries
 * @param protocol       how it arrived; OTLP/JSON bodies are decoded as JSON, the others as protobuf
 * @param token          the API key presented, or null
 * @param payload        the body, read only once the request is admitted
 * @param clientTimeLeft how long the client will wait for the answer, when it said so (gRPC deadlines); else null
 */
record ExportCall(TelemetrySignal signal, Protocol protocol, String token, RequestPayload payload,
        Duration clientTimeLeft) {
}
