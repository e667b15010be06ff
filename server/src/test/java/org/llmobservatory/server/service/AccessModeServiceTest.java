package org.llmobservatory.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.cli.ObservatoryCommand;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.storage.auth.ApiKeys;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.Http;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The access mode as an operator meets it: a running service, and the {@code keys} and {@code access} commands run
 * beside it on the same database. Once keyed, the service never opens again by itself.
 */
class AccessModeServiceTest {

    /** Longer than the time a service remembers the mode, so that it re-reads it at least once meanwhile. */
    private static final Duration WATCH = ApiKeys.RECHECK.multipliedBy(2);

    private final TestDatabase db = TestServers.freshDatabase();
    private final Map<String, String> env = db.environment();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private ObservatoryService service;

    @BeforeEach
    void start() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(ApiKeys.class)).addAppender(logs);
        service = ObservatoryService.start(ServerConfig.ephemeral(), db.config());
    }

    @AfterEach
    void stop() {
        service.stop();
        ((Logger) LoggerFactory.getLogger(ApiKeys.class)).detachAppender(logs);
    }

    @Test
    void revoking_the_last_key_leaves_every_request_refused_until_an_operator_reopens_the_service() throws Exception {
        assertThat(tracesWithoutKey()).isEqualTo(200);

        String created = cli("keys", "create", "--project", "shop");
        assertThat(created).contains("Access is now KEYS");
        String keyId = created.lines().filter(l -> l.startsWith("created key ")).findFirst().orElseThrow().split(" ")[2];
        awaitStatus(401);
        assertThat(logged()).anySatisfy(line -> assertThat(line).startsWith("access: now KEYS")
                .contains("key " + keyId + " created for project shop"));

        assertThat(cli("keys", "revoke", keyId)).contains("No active key is left", "access open");
        // Every request, for longer than the service remembers the mode, is still refused.
        long until = System.nanoTime() + WATCH.toNanos();
        int requests = 0;
        while (System.nanoTime() < until) {
            assertThat(tracesWithoutKey()).as("request %d after the last key was revoked", requests).isEqualTo(401);
            requests++;
        }
        assertThat(logged()).noneMatch(line -> line.startsWith("access: now OPEN"));

        assertThat(cli("access")).contains("access: KEYS", "active keys: 0");
        assertThat(cli("access", "open")).contains("Access is now OPEN");
        awaitStatus(200);
        assertThat(logged()).anySatisfy(line -> assertThat(line).startsWith("access: now OPEN")
                .contains("access open"));
    }

    @Test
    void the_service_cannot_be_reopened_while_a_key_is_active() {
        cli("keys", "create", "--project", "shop");
        StringWriter err = new StringWriter();
        CommandLine cli = ObservatoryCommand.commandLine(env);
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("access", "open")).isEqualTo(1);
        assertThat(err.toString()).contains("1 active API key exist", "revoke them first");
    }

    private String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = ObservatoryCommand.commandLine(env);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute(args)).as(String.join(" ", args) + ": " + err).isZero();
        return out.toString();
    }

    private int tracesWithoutKey() throws IOException {
        HttpResponse<String> response = Http.get(service.apiUrl() + "/api/v1/traces");
        return response.statusCode();
    }

    private void awaitStatus(int status) {
        Eventually.await(WATCH.plusSeconds(20), "GET /api/v1/traces without a key answering " + status, () -> {
            try {
                return tracesWithoutKey() == status;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private java.util.List<String> logged() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
