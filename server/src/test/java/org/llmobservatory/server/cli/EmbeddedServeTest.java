package org.llmobservatory.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmobservatory.server.config.Settings;
import org.llmobservatory.storage.support.Eventually;
import org.postgresql.util.PSQLException;

/**
 * {@code observatory serve} as a user runs it, in its own JVM on its embedded PostgreSQL: a durable database that
 * only its password opens, a second instance beside it as README.md writes it, and start-up errors that name the fix.
 */
class EmbeddedServeTest {

    private static final Duration START = Duration.ofSeconds(120);
    private static final List<String> PORT_VARIABLES = List.of(Settings.MANAGEMENT_PORT.name(),
            Settings.OTLP_HTTP_PORT.name(), Settings.OTLP_GRPC_PORT.name(), Settings.API_PORT.name());

    @TempDir
    Path work;

    private final List<Process> started = new java.util.ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void serve_runs_a_durable_database_that_only_its_password_opens() throws Exception {
        Path data = work.resolve("first");
        Process first = serve(data, freePorts());
        JsonNode ports = awaitPorts(first, data);

        String url = ports.get("database").asText();
        String password = Files.readString(data.resolve("postgres.password")).strip();
        try (Connection c = DriverManager.getConnection(url, "postgres", password)) {
            assertThat(show(c, "fsync")).isEqualTo("on");
            assertThat(show(c, "full_page_writes")).isEqualTo("on");
            assertThat(show(c, "synchronous_commit")).isEqualTo("on");
        }
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "")).isInstanceOf(PSQLException.class);

        // The same data directory again: refused at once, naming the process that has it.
        Path log = data.resolveSibling("again.log");
        Process again = serve(data, freePorts(), log);
        assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).isEqualTo(1);
        assertThat(Files.readString(log)).contains("is in use by another process (pid " + first.pid());
    }

    @Test
    void the_readme_second_instance_command_runs_beside_a_first_instance() throws Exception {
        Map<String, String> readme = secondInstanceSettings();
        assertThat(readme.keySet()).containsAll(PORT_VARIABLES).contains("OBSERVATORY_DATA_DIR");
        PORT_VARIABLES.forEach(v -> assertThat(readme.get(v)).as(v).isEqualTo("0"));

        Path firstData = work.resolve("first");
        Process first = serve(firstData, freePorts());
        JsonNode firstPorts = awaitPorts(first, firstData);

        Map<String, String> settings = new LinkedHashMap<>(readme);
        Path secondData = work.resolve("observatory-2");
        settings.remove("OBSERVATORY_DATA_DIR");
        Process second = serve(secondData, settings);
        JsonNode secondPorts = awaitPorts(second, secondData);

        for (String name : List.of("management", "otlpHttp", "otlpGrpc", "api")) {
            assertThat(secondPorts.get(name).asInt()).as(name).isNotEqualTo(firstPorts.get(name).asInt());
        }
        assertThat(first.isAlive()).isTrue();
    }

    @Test
    void a_taken_port_stops_the_start_before_the_database_naming_the_variable() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            Map<String, String> settings = freePorts();
            settings.put(Settings.OTLP_HTTP_PORT.name(), Integer.toString(taken.getLocalPort()));
            Path data = work.resolve("taken");
            Path log = work.resolve("taken.log");
            Process p = serve(data, settings, log);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
            String output = Files.readString(log);
            assertThat(output).contains("127.0.0.1:" + taken.getLocalPort() + " cannot be used",
                    "set OBSERVATORY_OTLP_HTTP_PORT to a free port")
                    .doesNotContain("starting embedded PostgreSQL", "Failed to start Javalin");
        }
    }

    /** The variables README.md sets on its second-instance command line. */
    private static Map<String, String> secondInstanceSettings() throws IOException {
        Path readme = Path.of(System.getProperty("user.dir")).resolveSibling("README.md");
        String line = Files.readAllLines(readme).stream()
                .filter(l -> l.startsWith("OBSERVATORY_DATA_DIR=/tmp/observatory-2") && l.endsWith("./observatory serve"))
                .findFirst().orElseThrow(() -> new AssertionError("README.md has no second-instance command"));
        Map<String, String> settings = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(\\w+)=(\\S+)").matcher(line);
        while (m.find()) {
            settings.put(m.group(1), m.group(2));
        }
        return settings;
    }

    private static Map<String, String> freePorts() {
        Map<String, String> settings = new LinkedHashMap<>();
        PORT_VARIABLES.forEach(v -> settings.put(v, "0"));
        return settings;
    }

    private Process serve(Path data, Map<String, String> settings) throws IOException {
        return serve(data, settings, data.resolveSibling(data.getFileName() + ".log"));
    }

    private Process serve(Path data, Map<String, String> settings, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), ObservatoryCommand.class.getName(), "serve"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("OBSERVATORY_") || k.equals("DATABASE_URL") || k.equals("REDIS_URL"));
        env.putAll(settings);
        env.put("OBSERVATORY_DATA_DIR", data.toString());
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private static JsonNode awaitPorts(Process process, Path data) throws IOException {
        Path portsFile = data.resolve("ports.json");
        Eventually.await(START, "ports.json in " + data, () -> Files.exists(portsFile) || !process.isAlive());
        if (!process.isAlive()) {
            // The temporary directory goes with the test: show the log's end in the failure itself.
            Path log = data.resolveSibling(data.getFileName() + ".log");
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of("(no log at " + log + ")");
            assertThat(process.isAlive()).as("serve on " + data + " exited; the end of its log:%n%s",
                    String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()))).isTrue();
        }
        return new ObjectMapper().readTree(portsFile.toFile());
    }

    private static String show(Connection c, String setting) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
