package org.llmobservatory.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.config.DatabaseUrl;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.pool.DatabaseUnavailableException;
import org.llmobservatory.storage.support.SampleTelemetry;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;
import org.llmobservatory.storage.writer.WriteOutcome;

class StorageTest {

    @Test
    void embedded_default_keeps_its_data_across_restarts_and_leaves_no_server_behind() throws Exception {
        Path dataDir = TestServers.work().resolve("embedded-default");
        StorageConfig config = StorageConfig.builder().dataDir(dataDir).build();
        String traceId = SampleTelemetry.traceId();
        try (Storage storage = Storage.open(config)) {
            assertThat(storage.embeddedDatabase()).isPresent();
            assertThat(storage.redisUrl()).hasValueSatisfying(url -> assertThat(url).startsWith("redis://127.0.0.1:"));
            assertThat(storage.redis().orElseThrow().ping()).isPositive();
            storage.traces().write(SampleTelemetry.llmSpan("default", traceId, Instant.now())).get(30,
                    TimeUnit.SECONDS);
        }
        assertThat(postgresProcessesUsing(dataDir)).isZero();

        try (Storage again = Storage.open(config)) {
            try (var c = again.pool().connection();
                    var ps = c.prepareStatement("SELECT count(*) FROM spans WHERE trace_id = decode(?, 'hex')")) {
                ps.setString(1, traceId);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(1);
                }
            }
        }
        assertThat(postgresProcessesUsing(dataDir)).isZero();
    }

    @Test
    void closing_storage_commits_what_the_writers_still_hold() throws Exception {
        TestDatabase db = TestServers.freshDatabase();
        StorageConfig config = db.config().withWriter(db.config().writer().withFlushInterval(Duration.ofHours(1)));
        CompletableFuture<WriteOutcome> pending;
        try (Storage storage = Storage.open(config)) {
            pending = storage.traces().writeAll(SampleTelemetry.llmSpans("drain", 30, Instant.now()));
            assertThat(pending).isNotDone();
        }
        assertThat(pending).isCompleted();
        assertThat(db.count("SELECT count(*) FROM spans WHERE project_id = 'drain'")).isEqualTo(30);
    }

    @Test
    void an_unreachable_database_fails_with_its_host_and_port_named() {
        StorageConfig config = StorageConfig.builder()
                .database(DatabaseUrl.parse("postgres://someone:secret@127.0.0.1:1/nowhere"))
                .redis(new RedisTarget.Disabled())
                .connectTimeout(Duration.ofSeconds(1))
                .dataDir(TestServers.work())
                .build();
        assertThatThrownBy(() -> Storage.open(config))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("127.0.0.1:1")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
    }

    private static long postgresProcessesUsing(Path dataDir) {
        String dir = dataDir.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(cmd -> cmd.contains("postgres") && cmd.contains(dir))
                        .orElse(false))
                .count();
    }
}
