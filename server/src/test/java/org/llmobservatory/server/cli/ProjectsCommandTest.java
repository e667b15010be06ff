package org.llmobservatory.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.service.ObservatoryService;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.support.Http;
import org.llmobservatory.storage.support.Spans;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;
import picocli.CommandLine;

/**
 * Data sent while the service was open is filed under {@code default}; a key made later for another project sees
 * it once an operator moves it there with {@code observatory projects move}.
 */
class ProjectsCommandTest {

    private static final Instant T = Instant.parse("2031-06-01T10:00:00Z");
    private static final String WINDOW = "?from=" + T + "&to=" + T.plusSeconds(3600);

    private final TestDatabase db = TestServers.freshDatabase();
    private final Map<String, String> env = db.environment();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private ObservatoryService service;

    @BeforeEach
    void start() {
        service = ObservatoryService.start(ServerConfig.ephemeral(), db.config());
    }

    @AfterEach
    void stop() {
        service.stop();
    }

    @Test
    void a_key_created_after_open_use_sees_the_earlier_data_once_it_is_moved_to_its_project() throws Exception {
        String before = Spans.traceId();
        String resent = Spans.traceId();
        Span resentSpan = Spans.llmCall("default", resent, T.plusSeconds(2), 10).build();
        service.storage().traces().writeAll(List.of(
                Spans.llmCall("default", before, T.plusSeconds(1), 10)
                        .resourceAttributes("{\"service.name\": \"moved-svc\"}").build(),
                resentSpan,
                // The same span sent again once the key was in use: it must end up stored once.
                resentSpan.toBuilder().projectId("shop").build(),
                Spans.llmCall("other", Spans.traceId(), T.plusSeconds(3), 10).build())).get();
        assertThat(run("keys", "create", "--project", "shop")).isZero();
        String token = out.toString().lines().filter(l -> l.startsWith("obs_")).findFirst().orElseThrow();
        assertThat(traceIds(token)).containsExactly(resent);

        out.getBuffer().setLength(0);
        assertThat(run("projects", "move", "--from", "default", "--to", "shop")).as(err.toString()).isZero();

        assertThat(out.toString()).contains("spans", "1 rows moved from 'default' to 'shop'",
                "(1 were there already and are kept once)");
        assertThat(traceIds(token)).containsExactlyInAnyOrder(before, resent);
        assertThat(db.count("SELECT count(*) FROM spans WHERE project_id = 'default'")).isZero();
        assertThat(db.count("SELECT count(*) FROM spans WHERE project_id = 'shop'")).isEqualTo(2);
        assertThat(db.count("SELECT count(*) FROM spans WHERE project_id = 'other'")).isEqualTo(1);
        assertThat(Http.json(get("/api/v1/traces/" + before + WINDOW, token)).at("/roots/0/resourceAttributes")
                .get("service.name").asText()).as("a moved span keeps its resource").isEqualTo("moved-svc");
        HttpResponse<String> usage = get("/api/v1/usage" + WINDOW + "&groupBy=model", token);
        assertThat(Http.json(usage).at("/rows/0/requests").asLong())
                .as("usage counts the moved span under its new project: %s", usage.body()).isEqualTo(2);
    }

    @Test
    void a_bad_or_identical_project_name_is_refused_and_moves_nothing() {
        assertThat(run("projects", "move", "--from", "default", "--to", "no spaces")).isEqualTo(2);
        assertThat(err.toString()).contains("project must be");
        assertThat(run("projects", "move", "--from", "default", "--to", "default")).isEqualTo(2);
        assertThat(err.toString()).contains("both 'default'");
    }

    private HttpResponse<String> get(String pathAndQuery, String token) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(service.apiUrl() + pathAndQuery)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private List<String> traceIds(String token) throws Exception {
        HttpResponse<String> response = get("/api/v1/traces" + WINDOW, token);
        List<String> ids = new java.util.ArrayList<>();
        Http.json(response).get("items").forEach(item -> ids.add(item.get("traceId").asText()));
        return ids;
    }

    private int run(String... args) {
        CommandLine cli = ObservatoryCommand.commandLine(env);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
