package org.llmobservatory.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** The query API as part of the service: started with it, reported in ports.json, stopped with it. */
class ServiceApiTest {

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
    void the_service_serves_the_api_on_the_port_it_writes_to_ports_json_and_closes_it_on_stop() throws Exception {
        ObservatoryService service = ObservatoryService.start(ServerConfig.ephemeral(), storageConfig());
        String traces;
        try {
            ServicePorts ports = ServicePorts.readFrom(service.portsFile());
            assertThat(service.apiUrl()).isEqualTo("http://127.0.0.1:" + ports.api());
            traces = service.apiUrl() + "/api/v1/traces";

            HttpResponse<String> response = Http.get(traces);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(Http.json(response).get("items").size()).isZero();
        } finally {
            service.stop();
        }
        assertThatThrownBy(() -> Http.get(traces)).isInstanceOf(IOException.class);
    }

    @Test
    void a_busy_api_port_fails_the_start_naming_the_address_and_the_variable() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServerConfig server = new ServerConfig("127.0.0.1", 0, 0, 0, busy.getLocalPort());

            assertThatThrownBy(() -> ObservatoryService.start(server, storageConfig()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + busy.getLocalPort())
                    .hasMessageContaining(Settings.API_PORT.name());
            assertThat(dataDir.resolve(ServicePorts.FILE_NAME)).doesNotExist();
        }
    }
}
