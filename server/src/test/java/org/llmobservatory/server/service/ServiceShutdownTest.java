package org.llmobservatory.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.config.Settings;
import org.llmobservatory.storage.config.DatabaseUrl;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.support.Http;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/** Draining and stopping, on the shared test PostgreSQL so that each test gets its own service quickly. */
class ServiceShutdownTest {

    @TempDir
    Path dataDir;

    private StorageConfig storageConfig() {
        TestDatabase db = TestServers.freshDatabase();
        return StorageConfig.builder()
                .database(DatabaseUrl.parse(db.jdbcUrl()))
                .user(db.user())
                .password(db.password())
                .redis(new RedisTarget.Disabled())
                .dataDir(dataDir)
                .build();
    }

    @Test
    void readiness_answers_503_naming_draining_once_draining_begins_while_liveness_stays_200() throws Exception {
        ObservatoryService service = ObservatoryService.start(ServerConfig.ephemeral(), storageConfig());
        try {
            assertThat(Http.get(service.managementUrl() + "/health/ready").statusCode()).isEqualTo(200);

            service.drain();

            HttpResponse<String> ready = Http.get(service.managementUrl() + "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            JsonNode body = Http.json(ready);
            assertThat(body.get("status").asText()).isEqualTo("DOWN");
            assertThat(body.get("failed")).extracting(JsonNode::asText).containsExactly("draining");
            assertThat(body.get("checks").get("postgres").get("status").asText()).isEqualTo("UP");
            assertThat(Http.get(service.managementUrl() + "/health/live").statusCode()).isEqualTo(200);
        } finally {
            service.stop();
        }
    }

    @Test
    void stop_closes_the_management_port_and_removes_ports_json_and_a_second_stop_does_nothing() throws Exception {
        ObservatoryService service = ObservatoryService.start(ServerConfig.ephemeral(), storageConfig());
        String url = service.managementUrl() + "/health/live";
        assertThat(service.portsFile()).exists();

        service.stop();

        assertThat(service.draining()).isTrue();
        assertThat(service.portsFile()).doesNotExist();
        assertThatThrownBy(() -> Http.get(url)).isInstanceOf(IOException.class);
        service.stop();
        service.awaitStopped();
    }

    @Test
    void a_busy_management_port_fails_the_start_naming_the_address_and_the_variable() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServerConfig server = new ServerConfig("127.0.0.1", busy.getLocalPort(), 0, 0, 0);

            assertThatThrownBy(() -> ObservatoryService.start(server, storageConfig()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + busy.getLocalPort())
                    .hasMessageContaining(Settings.MANAGEMENT_PORT.name());
            assertThat(dataDir.resolve(ServicePorts.FILE_NAME)).doesNotExist();
        }
    }
}
