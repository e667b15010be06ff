package org.llmobservatory.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.service.ObservatoryService;
import org.llmobservatory.server.support.SdkClient;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/**
 * A database that reports no error but confirms nothing (here: the spans table locked by another session, as a hung
 * server looks from the service): once a write has gone unconfirmed for longer than the acknowledgement deadline,
 * new requests are refused at once, saying so, instead of each waiting out its own deadline. Nothing is lost.
 */
class HungWriteTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(1);

    private final TestDatabase db = TestServers.freshDatabase();
    private ObservatoryService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop();
        }
    }

    @Test
    void a_write_unconfirmed_past_the_deadline_makes_new_requests_refused_at_once_and_nothing_is_lost()
            throws Exception {
        service = ObservatoryService.start(ServerConfig.ephemeral().withAckTimeout(ACK_TIMEOUT), db.config());
        List<SpanData> first = SdkClient.agentTrace("hung-first", 3, 10, 5);
        List<SpanData> probe = SdkClient.agentTrace("hung-probe", 1, 10, 5);
        CompletableFuture<HttpResponse<String>> waiting;
        AtomicReference<HttpResponse<String>> refused = new AtomicReference<>();
        try (Connection locker = db.connect(); Statement st = locker.createStatement()) {
            locker.setAutoCommit(false);
            st.execute("LOCK TABLE spans IN ACCESS EXCLUSIVE MODE");
            waiting = HTTP.sendAsync(post(first), HttpResponse.BodyHandlers.ofString());
            assertThat(waiting.get(30, TimeUnit.SECONDS).body()).contains("did not confirm the traces within");

            HttpRequest probeRequest = post(probe);
            Eventually.await(Duration.ofSeconds(20), "a request refused before it waits", () -> {
                HttpResponse<String> answer = send(probeRequest);
                refused.set(answer);
                return answer != null && answer.body().contains("has not confirmed a write");
            });
            assertThat(refused.get().statusCode()).isEqualTo(503);
            assertThat(refused.get().headers().firstValue("Retry-After")).hasValue("2");
            locker.rollback();
        }

        HttpRequest probeRequest = post(probe);
        Eventually.await(Duration.ofSeconds(20), "requests accepted again once writes are confirmed", () -> {
            HttpResponse<String> answer = send(probeRequest);
            return answer != null && answer.statusCode() == 200;
        });
        assertThat(db.count("SELECT count(*) FROM spans WHERE trace_id = decode(?, 'hex')",
                first.get(0).getTraceId())).as("the first request's spans, written once the lock went").isEqualTo(4);
    }

    /** The answer, or null when none came. */
    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private HttpRequest post(List<SpanData> spans) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        TraceRequestMarshaler.create(spans).writeBinaryTo(body);
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.ports().otlpHttp() + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }
}
