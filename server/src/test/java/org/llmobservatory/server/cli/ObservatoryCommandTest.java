package org.llmobservatory.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class ObservatoryCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine cli = ObservatoryCommand.commandLine(env);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void help_lists_the_serve_command() {
        assertThat(run(Map.of(), "--help")).isZero();

        assertThat(out.toString()).contains("Usage: observatory", "Commands:", "serve", "--version");
    }

    @Test
    void version_names_the_build_and_the_java_running_it() {
        assertThat(run(Map.of(), "--version")).isZero();

        assertThat(out.toString()).startsWith("observatory ").contains("Java " + Runtime.version().feature());
    }

    @Test
    void no_command_is_a_usage_error_that_suggests_serve() {
        assertThat(run(Map.of())).isEqualTo(2);

        assertThat(err.toString()).contains("observatory serve", "Usage: observatory");
    }

    @Test
    void serve_help_names_the_main_variables() {
        assertThat(run(Map.of(), "serve", "--help")).isZero();

        assertThat(out.toString()).contains("OBSERVATORY_DATA_DIR", "OBSERVATORY_DATABASE_URL", "ports.json");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            OBSERVATORY_MANAGEMENT_PORT   | abc          | OBSERVATORY_MANAGEMENT_PORT must be a port number from 0 to 65535
            OBSERVATORY_BIND_ADDRESS      | '  '         | OBSERVATORY_BIND_ADDRESS must not be empty
            OBSERVATORY_POOL_SIZE         | ten          | OBSERVATORY_POOL_SIZE must be a whole number, got: ten
            OBSERVATORY_POOL_SIZE         | 1            | OBSERVATORY_POOL_SIZE must be at least 2, got: 1
            OBSERVATORY_ACK_TIMEOUT_MS    | 50           | OBSERVATORY_ACK_TIMEOUT_MS must be at least 100, got: 50
            OBSERVATORY_ACK_TIMEOUT_MS    | soon         | OBSERVATORY_ACK_TIMEOUT_MS must be a number of milliseconds, got: soon
            OBSERVATORY_SHUTDOWN_TIMEOUT_MS | 500        | OBSERVATORY_SHUTDOWN_TIMEOUT_MS must be at least 1000, got: 500
            OBSERVATORY_BATCH_SIZE        | 0            | OBSERVATORY_BATCH_SIZE must be at least 1, got: 0
            OBSERVATORY_FLUSH_INTERVAL_MS | -5           | OBSERVATORY_FLUSH_INTERVAL_MS must be at least 0, got: -5
            OBSERVATORY_BUFFER_CAPACITY   | 10           | OBSERVATORY_BUFFER_CAPACITY must be at least the batch size
            OBSERVATORY_WRITE_METHOD      | fast         | OBSERVATORY_WRITE_METHOD must be auto, copy or insert, got: fast
            OBSERVATORY_RETENTION_DAYS    | 0            | OBSERVATORY_RETENTION_DAYS must be at least 1, got: 0
            OBSERVATORY_DATABASE_URL      | mysql://h/db | OBSERVATORY_DATABASE_URL: database URL must start with jdbc:postgresql://
            OBSERVATORY_REDIS_URL         | http://h:1   | OBSERVATORY_REDIS_URL: Redis URL must start with redis:// or rediss://
            OBSERVATORY_DATABASE_SSLMODE  | on           | OBSERVATORY_DATABASE_SSLMODE must be disable, allow, prefer, require, verify-ca or verify-full, got: on
            OBSERVATORY_RATE_LIMIT        | fast         | OBSERVATORY_RATE_LIMIT must be a number, got: fast
            OBSERVATORY_RATE_BURST        | 0            | OBSERVATORY_RATE_BURST must be at least 1, got: 0
            OBSERVATORY_HEALTH_DETAILS    | sometimes    | OBSERVATORY_HEALTH_DETAILS must be always, never or when-authorised, got: sometimes
            OBSERVATORY_REDACT            | names        | OBSERVATORY_REDACT must be off or a comma list of emails, phones and cards, got: names
            OBSERVATORY_REDACT_PATTERNS   | ([a-z        | OBSERVATORY_REDACT_PATTERNS holds a pattern that does not compile
            """)
    void serve_refuses_a_wrong_variable_with_exit_code_2_and_a_message_naming_it(String name, String value,
            String message) {
        assertThat(run(Map.of(name, value), "serve")).isEqualTo(ServeCommand.CONFIGURATION_ERROR);

        assertThat(err.toString()).startsWith("observatory: configuration error: " + message);
    }

    @Test
    void a_database_password_in_a_wrong_url_is_not_echoed() {
        run(Map.of("OBSERVATORY_DATABASE_URL", "mysql://app:s3cret@db/telemetry"), "serve");

        assertThat(err.toString()).contains("OBSERVATORY_DATABASE_URL").doesNotContain("s3cret");
    }
}
