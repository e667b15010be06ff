package org.llmobservatory.storage.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Every HTTP server of the project starts through WebServer: its routes answer, and a taken port is one clear line. */
class WebServerTest {

    @Test
    void a_server_on_a_free_port_answers_its_routes_at_its_url() throws Exception {
        try (WebServer server = WebServer.start("the test server", "127.0.0.1", 0,
                config -> config.routes.get("/hello", ctx -> ctx.result("hi")))) {
            assertThat(server.port()).isPositive();
            assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port());
            HttpResponse<String> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.url() + "/hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.body()).isEqualTo("hi");
        }
    }

    @Test
    void a_taken_port_fails_the_start_naming_the_server_the_address_and_the_cause() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> WebServer.start("the test server", "127.0.0.1", busy.getLocalPort(), config -> {
            }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("could not start the test server on 127.0.0.1:" + busy.getLocalPort() + ": ")
                    .hasMessageContaining("ddress already in use");
        }
    }
}
