package org.llmobservatory.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.llmobservatory.server.config.Environment;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.storage.embedded.EmbeddedDatabase;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.Http;
import org.llmobservatory.storage.support.StreamingReplicaExtension;

/**
 * The service configured with {@code OBSERVATORY_DATABASE_READ_URL} on a real streaming replica: its answers say where
 * their reads went, {@code /health} shows the replica, {@code /metrics} counts reads and fallbacks, and a replica
 * lagging past {@code OBSERVATORY_DATABASE_READ_MAX_LAG_MS} sends the reads to the primary until it catches up.
 */
class ReadReplicaServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final StreamingReplicaExtension servers = new StreamingReplicaExtension("service-replica");

    @TempDir
    Path dataDir;

    @Test
    void reads_go_to_the_replica_and_to_the_primary_while_it_lags_and_every_answer_says_which() throws Exception {
        Environment environment = new Environment(Map.of(
                "OBSERVATORY_DATABASE_URL", servers.primary().jdbcUrl(),
                "OBSERVATORY_DATABASE_USER", EmbeddedDatabase.USER,
                "OBSERVATORY_DATABASE_PASSWORD", servers.primary().password(),
                "OBSERVATORY_DATABASE_READ_URL", servers.replica().standby().jdbcUrl(),
                "OBSERVATORY_DATABASE_READ_MAX_LAG_MS", "500",
                "OBSERVATORY_REDIS_URL", "none",
                "OBSERVATORY_DATA_DIR", dataDir.toString()));
        ObservatoryService service = ObservatoryService.start(ServerConfig.ephemeral(), environment.storage());
        try {
            String traces = service.apiUrl() + "/api/v1/traces";
            Eventually.await(WAIT, "an answer read on the replica", () -> readFrom(traces).equals("replica"));
            JsonNode health = Http.json(Http.get(service.managementUrl() + "/health"));
            assertThat(health.get("status").asText()).isEqualTo("UP");
            assertThat(health.at("/components/replica/status").asText()).isEqualTo("UP");
            assertThat(health.at("/components/replica/details/standby").asBoolean()).isTrue();
            String metrics = Http.get(service.managementUrl() + "/metrics").body();
            assertThat(sample(metrics, "storage_reads_total\\{[^}]*target=\"replica\"[^}]*}")).isPositive();
            assertThat(sample(metrics, "storage_read_replica_up(?:\\{[^}]*})?")).isEqualTo(1.0);
            // Each server's pool has its own gauges and acquire histogram: the reads just taken were the replica's.
            int poolSize = service.storage().config().poolSize();
            for (String server : List.of("primary", "replica")) {
                assertThat(sample(metrics, "storage_pool_connections\\{[^}]*server=\"" + server
                        + "\"[^}]*state=\"max\"[^}]*}")).as("%s pool size", server).isEqualTo(poolSize);
            }
            assertThat(sample(metrics, "storage_connection_acquire_duration_seconds_count\\{[^}]*server=\"replica\""
                    + "[^}]*}")).isPositive();

            servers.replica().pauseReplay();
            try {
                onPrimary("CREATE TABLE IF NOT EXISTS replica_lag_marker (id int)");
                Eventually.await(WAIT, "an answer read on the primary", () -> readFrom(traces).equals("primary"));
                HttpResponse<String> answer = Http.get(traces);
                assertThat(answer.statusCode()).isEqualTo(200);
                JsonNode degraded = Http.json(Http.get(service.managementUrl() + "/health"));
                assertThat(degraded.get("status").asText()).isEqualTo("DEGRADED");
                assertThat(degraded.at("/components/replica/status").asText()).isEqualTo("DOWN");
                assertThat(degraded.at("/components/replica/details/fallback").asText()).isEqualTo("lagging");
                String lagging = Http.get(service.managementUrl() + "/metrics").body();
                assertThat(sample(lagging, "storage_read_fallbacks_total\\{[^}]*reason=\"lagging\"[^}]*}"))
                        .isEqualTo(1.0);
                assertThat(sample(lagging, "storage_read_replica_lag_seconds(?:\\{[^}]*})?")).isGreaterThan(0.5);
            } finally {
                servers.replica().resumeReplay();
            }
            Eventually.await(WAIT, "answers read on the replica again", () -> readFrom(traces).equals("replica"));
        } finally {
            service.stop();
        }
    }

    private static String readFrom(String url) {
        try {
            HttpResponse<String> response = Http.get(url);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return response.headers().firstValue("X-Read-From").orElse("none");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double sample(String exposition, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(exposition);
        assertThat(m.find()).as("a sample of %s in /metrics", series).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static void onPrimary(String sql) throws Exception {
        try (Connection c = servers.connectToPrimary();
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
