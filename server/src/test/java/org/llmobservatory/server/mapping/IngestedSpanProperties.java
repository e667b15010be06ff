package org.llmobservatory.server.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.otlp.OtlpJson;
import org.llmobservatory.server.service.ObservatoryService;
import org.llmobservatory.server.support.Otlp;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/**
 * Random spans through the whole path, OTLP/HTTP to PostgreSQL: whatever the attributes, the answer is
 * never a 5xx, the valid neighbour span in the same request is always stored, and the random span is
 * either stored under its name or counted as rejected in the answer, never lost in silence.
 *
 * <p>Stored text is not checked for NUL or broken characters: PostgreSQL holds neither (a span with one
 * would fail its batch, and the neighbour with it). {@link SpanMapperProperties} checks what the mapper
 * makes of such text.
 */
class IngestedSpanProperties {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static TestDatabase db;
    private static ObservatoryService service;

    @BeforeContainer
    static void start() {
        db = TestServers.freshDatabase();
        service = ObservatoryService.start(new ServerConfig("127.0.0.1", 0, 0, 0, 0), db.config()
                .withWriter(db.config().writer().withFlushInterval(Duration.ofMillis(2))));
    }

    @AfterContainer
    static void stop() {
        service.stop();
    }

    @Property(tries = 300, shrinking = ShrinkingMode.BOUNDED)
    void random_spans_are_stored_or_counted_as_rejected_and_their_neighbour_is_stored(
            @ForAll("attributes") List<KeyValue> attributes, @ForAll("names") String name,
            @ForAll boolean json) throws Exception {
        long n = SEQUENCE.incrementAndGet();
        String svc = "fuzz-" + n;
        String trace = String.format("%032x", 0x5000_0000L + n);
        Instant start = Instant.now().minusSeconds(10);
        ExportTraceServiceRequest request = Otlp.traces(Otlp.resource(Otlp.kv("service.name", svc)),
                Otlp.span(start).setTraceId(Otlp.id(trace)).setName(name).clearAttributes()
                        .addAllAttributes(attributes),
                Otlp.span(start).setTraceId(Otlp.id(trace)).setSpanId(Otlp.id("2222222222222222"))
                        .setName("neighbour"));
        byte[] body = json ? OtlpJson.print(request).getBytes(StandardCharsets.UTF_8) : request.toByteArray();
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + service.ports().otlpHttp() + "/v1/traces"))
                .header("Content-Type", json ? "application/json" : "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).as("answer: %s", new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        long rejected = json
                ? JSON.readTree(response.body()).path("partialSuccess").path("rejectedSpans").asLong(0)
                : ExportTraceServiceResponse.parseFrom(response.body()).getPartialSuccess().getRejectedSpans();
        assertThat(rejected).as("rejected spans").isBetween(0L, 1L);
        assertThat(db.count("SELECT count(*) FROM spans WHERE service_name = ? AND name = 'neighbour'", svc))
                .isEqualTo(1);
        // The random span (the other span id) is stored exactly when the answer does not count it rejected.
        assertThat(db.count("SELECT count(*) FROM spans WHERE service_name = ? AND span_id = decode(?, 'hex')", svc,
                Otlp.SPAN_ID)).as("the random span stored").isEqualTo(1 - rejected);
    }

    @Provide
    Arbitrary<List<KeyValue>> attributes() {
        return new SpanMapperProperties().attributes();
    }

    @Provide
    Arbitrary<String> names() {
        return SpanMapperProperties.text().filter(s -> !s.equals("neighbour"));
    }
}
