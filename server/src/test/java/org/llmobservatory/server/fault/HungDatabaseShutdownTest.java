package org.llmobservatory.server.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.llmobservatory.storage.embedded.EmbeddedDatabase;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/**
 * SIGTERM while the database hangs (every PostgreSQL process stopped with SIGSTOP, as a frozen host or a stalled
 * disk looks to a client) and requests wait for their commit: the service exits within its shutdown deadline, 15 s
 * by default, saying how many buffered items it could not write, instead of waiting on the database without end.
 * The test owns that PostgreSQL; the shared test server is never stopped.
 */
class HungDatabaseShutdownTest {

    /** The default deadline, then JVM exit and a busy two-core machine. */
    private static final Duration BOUND = Duration.ofSeconds(15 + 10);

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void sigterm_ends_the_process_within_the_deadline_while_the_database_hangs() throws Exception {
        Path dir = TestServers.work().resolve("hung-database-shutdown");
        EmbeddedDatabase pg = EmbeddedDatabase.start(dir.resolve("postgres"), 0);
        List<Long> frozen = new ArrayList<>();
        try (ServiceProcess service = ServiceProcess.start(new TestDatabase(pg.jdbcUrl(), EmbeddedDatabase.USER,
                pg.password()), dir.resolve("service"), Map.of())) {
            ManagementProbe probe = new ManagementProbe(service.managementUrl());
            URI endpoint = URI.create("http://127.0.0.1:" + service.otlpHttpPort() + "/v1/traces");
            Ledger ledger = new Ledger();
            RetryingExporter exporter = new RetryingExporter(() -> endpoint, ledger, 1);
            SpanRequests spans = new SpanRequests();
            assertThat(exporter.export(spans.next(100))).isTrue();

            frozen.addAll(postgresProcesses(pg));
            signal("-STOP", frozen);
            List<Thread> waiting = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                waiting.add(Thread.ofVirtual().start(() -> exporter.export(spans.next(100))));
            }
            Eventually.await(Duration.ofSeconds(20), "spans buffered while the database hangs",
                    () -> buffered(probe) > 0);

            long started = System.nanoTime();
            int exit = service.terminate(BOUND.plusSeconds(30));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            String log = Files.readString(dir.resolve("service").resolve("service.log"));
            System.out.println("[fault] hung database shutdown: exit " + exit + " after " + took.toMillis() + " ms");
            assertThat(exit).as("still running %s after SIGTERM", BOUND.plusSeconds(30)).isNotEqualTo(-1);
            assertThat(took).isLessThan(BOUND);
            assertThat(log).contains("shutdown did not finish within 15000 ms").contains("buffered items were not written");
            for (Thread t : waiting) {
                t.join(Duration.ofSeconds(30));
            }
            assertThat(ledger.acknowledged).as("nothing acknowledged while the database hung").hasValue(1);
        } finally {
            signal("-CONT", frozen);
            pg.close();
        }
    }

    private static double buffered(ManagementProbe probe) {
        try {
            return probe.sum("storage_buffer_size");
        } catch (IOException e) {
            return -1;
        }
    }

    /** The postmaster of {@code pg} and every process under it. */
    private static List<Long> postgresProcesses(EmbeddedDatabase pg) throws IOException {
        long pid = Long.parseLong(Files.readAllLines(pg.dataDirectory().resolve("postmaster.pid")).get(0).strip());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        List<Long> pids = new ArrayList<>(postmaster.descendants().map(ProcessHandle::pid).toList());
        pids.add(pid);
        return pids;
    }

    private static void signal(String signal, List<Long> pids) throws IOException, InterruptedException {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", signal));
        pids.forEach(p -> command.add(Long.toString(p)));
        // Some may have ended meanwhile: kill then exits non-zero for them, which is fine here.
        new ProcessBuilder(command).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
    }
}
