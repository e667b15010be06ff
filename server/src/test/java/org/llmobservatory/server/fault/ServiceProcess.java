package org.llmobservatory.server.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.llmobservatory.server.cli.ObservatoryCommand;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.TestDatabase;

/**
 * {@code observatory serve} in its own JVM on an external database, so that tests can kill it as an
 * orchestrator would while PostgreSQL keeps running. Its output goes to {@code service.log} in its data directory.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final JsonNode ports;

    private ServiceProcess(Process process, JsonNode ports) {
        this.process = process;
        this.ports = ports;
    }

    /** Starts the service on free ports with a 384 MiB heap and returns once it has written {@code ports.json}. */
    static ServiceProcess start(TestDatabase db, Path dataDir, Map<String, String> settings) throws IOException {
        return start(db, dataDir, settings, "384m");
    }

    /** Starts the service with the maximum heap {@code heap} (as {@code -Xmx} takes it). */
    static ServiceProcess start(TestDatabase db, Path dataDir, Map<String, String> settings, String heap)
            throws IOException {
        Files.createDirectories(dataDir);
        Path portsFile = dataDir.resolve("ports.json");
        // A killed service leaves its ports.json behind; the new one must not be read as this one's.
        Files.deleteIfExists(portsFile);
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                "-cp", System.getProperty("java.class.path"), ObservatoryCommand.class.getName(), "serve"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("service.log").toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("OBSERVATORY_"));
        env.put("OBSERVATORY_DATABASE_URL", db.jdbcUrl());
        env.put("OBSERVATORY_DATABASE_USER", db.user());
        env.put("OBSERVATORY_DATABASE_PASSWORD", db.password());
        env.put("OBSERVATORY_REDIS_URL", "none");
        env.put("OBSERVATORY_DATA_DIR", dataDir.toString());
        for (String port : List.of("MANAGEMENT", "OTLP_HTTP", "OTLP_GRPC", "API")) {
            env.put("OBSERVATORY_" + port + "_PORT", "0");
        }
        env.putAll(settings);
        Process process = builder.start();
        try {
            Eventually.await(START_TIMEOUT, "ports.json of the service in " + dataDir,
                    () -> Files.exists(portsFile) || !process.isAlive());
            if (!process.isAlive()) {
                throw new AssertionError("the service exited with " + process.exitValue() + "; see "
                        + dataDir.resolve("service.log"));
            }
            return new ServiceProcess(process, new ObjectMapper().readTree(portsFile.toFile()));
        } catch (RuntimeException | Error | IOException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    int otlpHttpPort() {
        return ports.get("otlpHttp").asInt();
    }

    String apiUrl() {
        return "http://127.0.0.1:" + ports.get("api").asInt();
    }

    /** The operating-system threads of the service's JVM (the {@code Threads:} line of /proc/PID/status). */
    int threads() throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                .filter(line -> line.startsWith("Threads:"))
                .mapToInt(line -> Integer.parseInt(line.substring("Threads:".length()).trim()))
                .findFirst().orElseThrow(() -> new IOException("no Threads: line for pid " + process.pid()));
    }

    String managementUrl() {
        return "http://127.0.0.1:" + ports.get("management").asInt();
    }

    /** SIGKILL: the JVM gets no chance to drain, as with an OOM killer or {@code kill -9}. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as {@code kill} or an orchestrator sends; the exit status, or -1 when still running at the deadline. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
