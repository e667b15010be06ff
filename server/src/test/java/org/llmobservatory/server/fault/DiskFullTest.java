package org.llmobservatory.server.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.service.ObservatoryService;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.TestServers;

/**
 * The embedded database's data directory on a small filesystem of its own (a tmpfs this test mounts and removes; it
 * runs as root, as CI does), filled under OTLP load. While the disk is full, new requests are refused at once naming
 * the reason, {@code /health} says why, the gauges show it and the alert expression holds, and reads still answer;
 * once the filesystem is grown, ingest resumes by itself and every acknowledged span is stored exactly once.
 */
class DiskFullTest {

    private static final int MIB = 1024 * 1024;
    private static final int FILESYSTEM_MIB = 192;
    /** Space left free by the ballast file: filled by the load within seconds. */
    private static final long LEFT_FREE = 24L * MIB;
    /** Far longer than the probe's client waits: a probe answered in time was refused without waiting for storage. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private Path mount;
    private ObservatoryService service;

    @AfterEach
    void stop() throws Exception {
        try {
            if (service != null) {
                service.stop();
            }
        } finally {
            // Unmounted whatever happened above: a test must not leave a filesystem behind on the machine.
            if (mount != null) {
                run("umount", "-l", mount.toString());
                Files.deleteIfExists(mount);
            }
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void a_full_disk_is_refused_fast_and_named_and_ingest_resumes_without_loss_once_space_returns() throws Exception {
        mount = TestServers.work().resolve("disk-full-" + UUID.randomUUID());
        Files.createDirectories(mount);
        run("mount", "-t", "tmpfs", "-o", "size=" + FILESYSTEM_MIB + "m", "tmpfs", mount.toString());
        service = ObservatoryService.start(ServerConfig.ephemeral().withAckTimeout(ACK_TIMEOUT), StorageConfig.builder()
                .dataDir(mount).redis(new RedisTarget.Disabled())
                .writer(WriterSettings.DEFAULTS.withBufferCapacity(5_000).withRetryBackoffMax(Duration.ofSeconds(1)))
                .build());
        ManagementProbe probe = new ManagementProbe(service.managementUrl());
        assertThat(probe.sum("storage_data_filesystem_size_bytes")).isEqualTo((double) FILESYSTEM_MIB * MIB);
        recycleWalSegments();
        Path ballast = fillLeaving(mount.resolve("ballast"), LEFT_FREE);
        Eventually.await(Duration.ofSeconds(10), "the gauge to see the ballast",
                () -> sum(probe, "storage_data_filesystem_avail_bytes") <= LEFT_FREE + MIB);

        URI endpoint = URI.create("http://127.0.0.1:" + service.ports().otlpHttp() + "/v1/traces");
        Ledger ledger = new Ledger();
        ClientFleet fleet = new ClientFleet(4, 500, new SpanRequests(), new RetryingExporter(() -> endpoint, ledger,
                400), ledger);
        try (fleet) {
            Eventually.await(Duration.ofSeconds(90), "/health to say the database is out of disk space",
                    () -> probe.componentError("writers").contains("out of disk space"));

            long probeStart = System.nanoTime();
            HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint)
                    .timeout(PROBE_TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(probeSpan())).build(), HttpResponse.BodyHandlers.ofString());
            long refusedInMillis = (System.nanoTime() - probeStart) / 1_000_000;
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(refused.body()).contains("the database is out of disk space");
            assertThat(probe.status("/health")).isEqualTo(503);
            // A readiness probe fails a replica after several misses in a row (failureThreshold); on this loaded
            // machine one check may miss its 2 s deadline while the writers retry, so the probe is polled.
            Eventually.await(Duration.ofSeconds(20), "/health/ready to answer 200: a full disk keeps the replica in"
                    + " the load balancer", () -> probe.status("/health/ready") == 200);
            assertThat(new ManagementProbe(service.apiUrl()).status("/api/v1/traces?limit=5")).isEqualTo(200);
            assertThat(probe.sum("storage_errors_total", "error_type", "disk_full")).isPositive();
            double avail = probe.sum("storage_data_filesystem_avail_bytes");
            double size = probe.sum("storage_data_filesystem_size_bytes");
            assertThat(avail / size).as("StorageDiskFillingUp's free-space condition").isLessThan(0.15);
            assertThat(probe.sum("storage_table_size_bytes", "table", "spans")).isPositive();

            run("mount", "-o", "remount,size=" + (FILESYSTEM_MIB * 3) + "m", mount.toString());
            long acknowledgedWhenGrown = ledger.acknowledged.get();
            Eventually.await(Duration.ofSeconds(60), "/health to clear the writers once space returns",
                    () -> probe.componentError("writers").isEmpty() && probe.status("/health") == 200);
            Eventually.await(Duration.ofSeconds(60), "ingest acknowledged again",
                    () -> ledger.acknowledged.get() >= acknowledgedWhenGrown + 20);
            fleet.stop(Duration.ofSeconds(60));
            service.storage().traces().flush().get(30, TimeUnit.SECONDS);

            assertThat(ledger.unexpected).isEmpty();
            assertThat(ballast).exists();
            var db = service.localServers().database().orElseThrow();
            SpanCensus census = SpanCensus.take(db.jdbcUrl(), "postgres", db.password(), ledger.acknowledgedSpans);
            System.out.println("[fault] disk full: probe refused in " + refusedInMillis + " ms; " + census + "; "
                    + ledger);
            assertThat(census.acknowledged()).isGreaterThan(0);
            assertThat(census.lost()).isZero();
            assertThat(census.duplicates()).isZero();
        }
    }

    /**
     * Leaves PostgreSQL WAL segments to reuse, as a database that has run for a while has (up to min_wal_size):
     * then the tables, not the WAL, are what cannot grow when the disk fills, and the database stays up refusing
     * writes. (Without them the first WAL segment it cannot create stops it: "the database ran out of disk space
     * and cannot be reached", in WriteAvailabilityTest.)
     */
    private void recycleWalSegments() throws Exception {
        var db = service.localServers().database().orElseThrow();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", db.password());
                Statement st = c.createStatement()) {
            for (int i = 0; i < 5; i++) {
                st.execute("SELECT pg_logical_emit_message(false, 'disk-full-test', 'segment')");
                st.execute("SELECT pg_switch_wal()");
            }
            st.execute("CHECKPOINT");
        }
    }

    /** A metric's value, or NaN while the scrape fails. */
    private static double sum(ManagementProbe probe, String metric) {
        try {
            return probe.sum(metric);
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** Writes zeros to {@code file} until the filesystem has {@code free} bytes left (a tmpfs stores them). */
    private static Path fillLeaving(Path file, long free) throws IOException {
        byte[] chunk = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (Files.getFileStore(file).getUsableSpace() > free + chunk.length) {
                out.write(chunk);
                out.flush();
            }
        }
        return file;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (this test mounts a tmpfs and must run"
                    + " as root): " + output);
        }
    }

    private static String probeSpan() {
        long now = Instant.now().toEpochMilli() * 1_000_000;
        return ("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"5b8efff798038103d269b633813fc60c\","
                + "\"spanId\":\"eee19b7ec3c1b175\",\"name\":\"probe\",\"startTimeUnixNano\":\"%d\","
                + "\"endTimeUnixNano\":\"%d\"}]}]}]}").formatted(now, now + 100_000_000);
    }
}
