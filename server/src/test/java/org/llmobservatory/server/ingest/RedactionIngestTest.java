package org.llmobservatory.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.config.Environment;
import org.llmobservatory.server.config.SecurityConfig;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.service.ObservatoryService;
import org.llmobservatory.server.support.Otlp;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/** With redaction on, prompts, completions and log bodies reach PostgreSQL without the personal data sent. */
class RedactionIngestTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void content_is_redacted_before_it_is_stored() throws Exception {
        TestDatabase db = TestServers.freshDatabase();
        SecurityConfig security = SecurityConfig.defaults().withRedaction(new Environment(Map.of(
                "OBSERVATORY_REDACT", "emails,phones,cards", "OBSERVATORY_REDACT_PATTERNS", "ACME-\\d{6}")).security().redaction());
        ObservatoryService service = ObservatoryService.start(ServerConfig.ephemeral(), db.config(), security);
        try {
            Instant now = Instant.now();
            var traces = Otlp.traces(Otlp.span(now,
                    Otlp.kv("gen_ai.operation.name", "chat"),
                    Otlp.kv("gen_ai.input.messages", "[{\"role\":\"user\",\"content\":\"I am ada@example.com,"
                            + " card 4111 1111 1111 1111, ticket ACME-123456\"}]"),
                    Otlp.kv("gen_ai.output.messages", "[{\"role\":\"assistant\",\"content\":\"I will call"
                            + " +1 415-555-0100\"}]")));
            var logs = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                    .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder()
                            .setTimeUnixNano(Otlp.nanos(now)).setBody(Otlp.string("reply sent to ada@example.com")))))
                    .build();

            assertThat(post(service, "/v1/traces", traces.toByteArray())).isEqualTo(200);
            assertThat(post(service, "/v1/logs", logs.toByteArray())).isEqualTo(200);

            String input = text(db, "SELECT input_content FROM spans WHERE span_id = decode(?, 'hex')", Otlp.SPAN_ID);
            String output = text(db, "SELECT output_content FROM spans WHERE span_id = decode(?, 'hex')", Otlp.SPAN_ID);
            String body = text(db, "SELECT body FROM logs WHERE project_id = ?", "default");
            assertThat(input).contains("[redacted:email]", "[redacted:card]", "[redacted:custom]")
                    .doesNotContain("ada@example.com", "4111", "ACME-123456");
            assertThat(output).contains("[redacted:phone]").doesNotContain("555-0100");
            assertThat(body).isEqualTo("reply sent to [redacted:email]");
        } finally {
            service.stop();
        }
    }

    private static int post(ObservatoryService service, String path, byte[] body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + service.ports().otlpHttp() + path))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    private static String text(TestDatabase db, String sql, String param) throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as(sql).isTrue();
                return rs.getString(1);
            }
        }
    }
}
