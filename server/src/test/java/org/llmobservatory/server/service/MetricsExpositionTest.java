package org.llmobservatory.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.support.Scrape;
import org.llmobservatory.storage.config.DatabaseUrl;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.Http;
import org.llmobservatory.storage.support.SampleTelemetry;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/**
 * What Prometheus scrapes from a running service after known writes: the golden families, and the
 * verdict of {@code promtool check metrics} (Debian package {@code prometheus}) on the live scrape.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsExpositionTest {

    private static final int SPANS = 25;
    private static final List<String> HISTOGRAMS = List.of("storage_write_duration_seconds", "storage_batch_size",
            "storage_query_duration_seconds", "storage_query_result_count",
            "storage_connection_acquire_duration_seconds", "storage_rollup_fold_duration_seconds");
    private static final Map<String, String> STORAGE_FAMILIES = Map.ofEntries(
            Map.entry("storage_write_duration_seconds", "histogram"),
            Map.entry("storage_writes_total", "counter"),
            Map.entry("storage_batch_size", "histogram"),
            Map.entry("storage_items_written_total", "counter"),
            Map.entry("storage_buffer_size", "gauge"),
            Map.entry("storage_flushes_total", "counter"),
            Map.entry("storage_query_duration_seconds", "histogram"),
            Map.entry("storage_query_result_count", "histogram"),
            Map.entry("storage_pool_connections", "gauge"),
            Map.entry("storage_connection_acquire_duration_seconds", "histogram"),
            Map.entry("storage_errors_total", "counter"),
            Map.entry("storage_retries_total", "counter"),
            Map.entry("storage_rollup_lag_seconds", "gauge"),
            Map.entry("storage_rollup_deltas_pending", "gauge"),
            Map.entry("storage_rollup_rebuild_pending_seconds", "gauge"),
            Map.entry("storage_rollup_deltas_folded_total", "counter"),
            Map.entry("storage_rollup_fold_duration_seconds", "histogram"),
            Map.entry("storage_rollup_rows_dropped_total", "counter"),
            Map.entry("storage_rollup_failures_total", "counter"));

    @TempDir
    static Path dataDir;

    private ObservatoryService service;

    @BeforeAll
    void start() throws Exception {
        TestDatabase db = TestServers.freshDatabase();
        service = ObservatoryService.start(new ServerConfig("127.0.0.1", 0, 0, 0, 0, Optional.of("golden-1")),
                StorageConfig.builder()
                        .database(DatabaseUrl.parse(db.jdbcUrl()))
                        .user(db.user())
                        .password(db.password())
                        .redis(new RedisTarget.External(TestServers.redis().url()))
                        .dataDir(dataDir)
                        .build());
        service.storage().traces().writeAll(SampleTelemetry.llmSpans("golden", SPANS, Instant.now()))
                .get(30, TimeUnit.SECONDS);
        assertThat(Http.get(service.managementUrl() + "/health").statusCode()).isEqualTo(200);
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.stop();
        }
    }

    @Test
    void the_scrape_holds_every_storage_family_with_help_type_and_buckets() throws Exception {
        String text = Http.get(service.managementUrl() + "/metrics").body();
        Scrape scrape = Scrape.parse(text);

        STORAGE_FAMILIES.forEach((family, type) -> {
            assertThat(scrape.hasHelp(family)).as("HELP of %s", family).isTrue();
            assertThat(scrape.type(family)).as("TYPE of %s", family).isEqualTo(type);
        });
        for (String histogram : HISTOGRAMS) {
            assertThat(scrape.find(histogram + "_bucket", "le", "+Inf")).as("buckets of %s", histogram).isNotEmpty();
            assertThat(scrape.find(histogram + "_bucket").size()).as("buckets of %s", histogram).isGreaterThan(5);
        }
        assertThat(scrape.value("storage_items_written_total", "item_type", "span", "writer_type", "trace"))
                .isEqualTo(SPANS);
        assertThat(scrape.value("storage_pool_connections", "server", "primary", "state", "max"))
                .isEqualTo(service.storage().config().poolSize());
        assertThat(scrape.find("storage_batch_size_count", "writer_type", "trace").stream()
                .mapToDouble(Scrape.Sample::value).sum()).isPositive();
        // The service's rollup maintenance reports its backlog, read from the database within a scrape or two:
        // numbers, not the NaN of no maintenance.
        Eventually.await(Duration.ofSeconds(30), "the rollup backlog read from the database", () -> {
            Scrape now = scrape();
            return now.value("storage_rollup_lag_seconds") >= 0 && now.value("storage_rollup_deltas_pending") >= 0
                    && now.value("storage_rollup_rebuild_pending_seconds") == 0;
        });
    }

    @Test
    void the_scrape_holds_pool_jvm_process_and_http_families_and_labels_every_series() throws Exception {
        Scrape scrape = Scrape.parse(Http.get(service.managementUrl() + "/metrics").body());

        assertThat(scrape.find("hikaricp_connections")).isNotEmpty();
        assertThat(scrape.find("jvm_memory_used_bytes", "area", "heap")).isNotEmpty();
        assertThat(scrape.find("process_cpu_usage")).isNotEmpty();
        assertThat(scrape.find("process_cpu_seconds_total")).isNotEmpty();
        assertThat(scrape.value("http_server_requests_seconds_count", "uri", "/health", "method", "GET",
                "status", "200")).isGreaterThanOrEqualTo(1);
        assertThat(scrape.samples()).allSatisfy(sample -> assertThat(sample.labels())
                .containsEntry("application", "llm-observatory")
                .containsEntry("instance", "golden-1"));
    }

    @Test
    void promtool_check_metrics_finds_no_problem_in_a_live_scrape() throws Exception {
        String scrape = Http.get(service.managementUrl() + "/metrics").body();
        Path promtool = promtool().orElseGet(() -> fail("promtool is not installed: install the Debian package"
                + " 'prometheus' (apt-get install prometheus), which provides /usr/bin/promtool"));

        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream stdin = check.getOutputStream()) {
            stdin.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(output.lines().filter(line -> !line.isBlank()).toList()).as("promtool's problems").isEmpty();
        assertThat(check.exitValue()).as("promtool exit status; output: %s", output).isZero();
    }

    private Scrape scrape() {
        try {
            return Scrape.parse(Http.get(service.managementUrl() + "/metrics").body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> promtool() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable)
                .findFirst()
                .or(() -> Optional.of(Path.of("/usr/bin/promtool")).filter(Files::isExecutable));
    }
}
