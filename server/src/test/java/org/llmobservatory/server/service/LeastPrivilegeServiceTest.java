package org.llmobservatory.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmobservatory.server.support.Otlp.kv;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.cli.ObservatoryCommand;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.support.Otlp;
import org.llmobservatory.storage.support.Http;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;
import picocli.CommandLine;

/**
 * The service on an external PostgreSQL whose role has only the privileges the README asks for
 * ({@link TestServers#freshLeastPrivilegeDatabase()}): an operator creates a key with {@code observatory keys}, the
 * service starts, is ready, stores an OTLP export sent with that key and answers for it on the query API.
 */
class LeastPrivilegeServiceTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void the_service_and_its_key_command_run_on_a_role_that_may_only_use_its_database() throws Exception {
        TestDatabase db = TestServers.freshLeastPrivilegeDatabase();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine keys = ObservatoryCommand.commandLine(db.environment());
        keys.setOut(new PrintWriter(out, true));
        keys.setErr(new PrintWriter(err, true));
        assertThat(keys.execute("keys", "create", "--project", "shop")).as(err.toString()).isZero();
        String token = out.toString().lines().filter(l -> l.startsWith("obs_")).findFirst().orElseThrow();

        ObservatoryService service = ObservatoryService.start(ServerConfig.ephemeral(), db.config());
        try {
            HttpResponse<String> ready = Http.get(service.managementUrl() + "/health/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);

            byte[] export = Otlp.traces(Otlp.span(Instant.now().minusSeconds(30),
                    kv("gen_ai.system", "openai"), kv("gen_ai.request.model", "gpt-4o"),
                    kv("gen_ai.usage.input_tokens", 120L), kv("gen_ai.usage.output_tokens", 30L))).toByteArray();
            HttpResponse<String> stored = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + service.ports().otlpHttp() + "/v1/traces"))
                    .header("Content-Type", "application/x-protobuf").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(export)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);

            HttpResponse<String> trace = HTTP.send(HttpRequest.newBuilder(
                    URI.create(service.apiUrl() + "/api/v1/traces/" + Otlp.TRACE_ID))
                    .header("X-API-Key", token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(trace.statusCode()).as(trace.body()).isEqualTo(200);
            assertThat(trace.body()).contains(Otlp.SPAN_ID, "gpt-4o");

            HttpResponse<String> health = Http.get(service.managementUrl() + "/health");
            assertThat(Http.json(health).at("/components/postgres/status").asText()).isEqualTo("UP");
            assertThat(Http.json(health).at("/components/writers/status").asText()).isEqualTo("UP");
        } finally {
            service.stop();
        }
        assertThat(db.count("SELECT count(*) FROM spans WHERE project_id = ?", "shop")).isEqualTo(1);
    }
}
