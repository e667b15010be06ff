package org.llmobservatory.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.demo.DemoTraffic;
import org.llmobservatory.server.service.ObservatoryService;
import org.llmobservatory.storage.auth.ApiKeys;
import org.llmobservatory.storage.pool.DirectConnections;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;
import picocli.CommandLine;

/** {@code observatory demo --otlp-endpoint}: traffic to a running service, and a summary or how to get one. */
class DemoCommandTest {

    private static TestDatabase db;
    private static ObservatoryService service;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void start() {
        db = TestServers.freshDatabase();
        service = ObservatoryService.start(ServerConfig.ephemeral(), db.config());
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    @Test
    void without_the_query_api_it_says_how_to_get_a_summary_and_draws_no_progress_bar_into_a_pipe() {
        assertThat(run("demo", "--traces", "3", "--otlp-endpoint", otlp())).as(err.toString()).isZero();

        assertThat(out.toString()).contains("sent 3 traces", "every export acknowledged",
                "no usage summary: add --api").doesNotContain("\r");
    }

    @Test
    void with_the_query_api_it_prints_the_usage_summary() {
        assertThat(run("demo", "--traces", "3", "--otlp-endpoint", otlp(), "--api", service.apiUrl()))
                .as(err.toString()).isZero();

        assertThat(out.toString()).contains("sent 3 traces", "cost (USD)", "total").doesNotContain("no usage summary");
    }

    @Test
    void a_service_that_wants_a_key_is_named_in_one_line_before_anything_is_sent() throws Exception {
        ApiKeys keys = new ApiKeys(DirectConnections.to(service.storage().config()), Duration.ZERO);
        var issued = keys.create("demo-test", "ingest");
        try {
            // The service remembers "no keys" for a few seconds: wait until it asks for one.
            Eventually.await(Duration.ofSeconds(15), "the service to want a key",
                    () -> DemoTraffic.refusal(otlp(), null).isPresent());

            assertThat(run("demo", "--traces", "3", "--otlp-endpoint", otlp())).isEqualTo(1);
            assertThat(err.toString().strip()).isEqualTo("observatory demo: the service at " + otlp()
                    + " requires an API key: pass one with --api-key");
            assertThat(out.toString()).doesNotContain("sent");
        } finally {
            keys.revoke(issued.key().keyId());
            keys.reopen("the other tests of this class send without a key");
            Eventually.await(Duration.ofSeconds(15), "the service open again",
                    () -> DemoTraffic.refusal(otlp(), null).isEmpty());
        }
    }

    @Test
    void nothing_listening_is_said_in_one_line() {
        assertThat(run("demo", "--traces", "3", "--otlp-endpoint", "http://127.0.0.1:1")).isEqualTo(1);
        assertThat(err.toString()).startsWith("observatory demo: nothing answers OTLP/HTTP at http://127.0.0.1:1");
    }

    private static String otlp() {
        return "http://127.0.0.1:" + service.ports().otlpHttp();
    }

    private int run(String... args) {
        CommandLine cli = ObservatoryCommand.commandLine(db.environment());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
