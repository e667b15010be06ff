package org.llmobservatory.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.pool.DirectConnections;
import org.llmobservatory.storage.support.SampleTelemetry;
import org.llmobservatory.storage.support.TestServers;

/** The embedded PostgreSQL and Redis the service starts when its configuration names none. */
class LocalServersTest {

    @Test
    void embedded_default_keeps_its_data_across_restarts_and_leaves_no_server_behind() throws Exception {
        Path dataDir = TestServers.work().resolve("embedded-default");
        StorageConfig config = StorageConfig.builder().dataDir(dataDir).build();
        String traceId = SampleTelemetry.traceId();
        try (LocalServers local = LocalServers.start(config);
                Storage storage = Storage.open(local.applyTo(config))) {
            assertThat(local.database()).isPresent();
            assertThat(storage.redisUrl()).hasValueSatisfying(url -> assertThat(url).startsWith("redis://127.0.0.1:"));
            assertThat(storage.redis().orElseThrow().ping()).isPositive();
            storage.traces().write(SampleTelemetry.llmSpan("default", traceId, Instant.now())).get(30,
                    TimeUnit.SECONDS);
        }
        assertThat(postgresProcessesUsing(dataDir)).isZero();

        try (LocalServers local = LocalServers.start(config);
                Storage again = Storage.open(local.applyTo(config))) {
            try (var c = DirectConnections.to(again.config()).getConnection();
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

    private static long postgresProcessesUsing(Path dataDir) {
        String dir = dataDir.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(cmd -> cmd.contains("postgres") && cmd.contains(dir))
                        .orElse(false))
                .count();
    }
}
