package org.llmobservatory.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.config.Environment;
import org.llmobservatory.server.config.SecurityConfig;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.storage.auth.ApiKeys;
import org.llmobservatory.storage.auth.IssuedKey;
import org.llmobservatory.storage.health.DetailsVisibility;
import org.llmobservatory.storage.support.Http;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/** OBSERVATORY_HEALTH_DETAILS decides who sees components and checks; the status code never changes. */
class HealthDetailsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void always_shows_components_to_everyone() throws Exception {
        ObservatoryService service = start(DetailsVisibility.ALWAYS, null);
        try {
            HttpResponse<String> health = get(service, "/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(Http.json(health).has("components")).isTrue();
            assertThat(Http.json(get(service, "/health/ready", null)).has("checks")).isTrue();
        } finally {
            service.stop();
        }
    }

    @Test
    void never_shows_only_the_status_and_keeps_the_status_code() throws Exception {
        ObservatoryService service = start(DetailsVisibility.NEVER, null);
        try {
            HttpResponse<String> health = get(service, "/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(Http.json(health).properties()).extracting(Map.Entry::getKey).containsExactly("status");
            assertThat(Http.json(health).get("status").asText()).isEqualTo("UP");

            service.drain();
            HttpResponse<String> ready = get(service, "/health/ready", null);
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(Http.json(ready).has("checks")).isFalse();
            assertThat(Http.json(ready).get("status").asText()).isEqualTo("DOWN");
        } finally {
            service.stop();
        }
    }

    @Test
    void when_authorised_shows_details_only_with_a_valid_key() throws Exception {
        TestDatabase db = TestServers.freshDatabase();
        IssuedKey key;
        try (var pool = db.migratedPool()) {
            key = new ApiKeys(pool.dataSource()).create("ops", "monitoring");
        }
        ObservatoryService service = start(DetailsVisibility.WHEN_AUTHORISED, db);
        try {
            HttpResponse<String> anonymous = get(service, "/health", null);
            HttpResponse<String> wrongKey = get(service, "/health", "obs_000000000000_" + "0".repeat(48));
            HttpResponse<String> withKey = get(service, "/health", key.token());

            assertThat(anonymous.statusCode()).isEqualTo(200);
            assertThat(wrongKey.statusCode()).isEqualTo(200);
            assertThat(withKey.statusCode()).isEqualTo(200);
            assertThat(Http.json(anonymous).has("components")).isFalse();
            assertThat(Http.json(wrongKey).has("components")).isFalse();
            assertThat(Http.json(withKey).has("components")).isTrue();
            assertThat(Http.json(get(service, "/health/ready", key.token())).has("checks")).isTrue();
            assertThat(Http.json(get(service, "/health/ready", null)).has("checks")).isFalse();
        } finally {
            service.stop();
        }
    }

    @Test
    void the_variable_is_read_and_checked() {
        assertThat(new Environment(Map.of()).security().healthDetails()).isEqualTo(DetailsVisibility.ALWAYS);
        assertThat(new Environment(Map.of("OBSERVATORY_HEALTH_DETAILS", "when-authorized")).security()
                .healthDetails()).isEqualTo(DetailsVisibility.WHEN_AUTHORISED);
        assertThat(new Environment(Map.of("OBSERVATORY_HEALTH_DETAILS", "Never")).security().healthDetails())
                .isEqualTo(DetailsVisibility.NEVER);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Environment(
                Map.of("OBSERVATORY_HEALTH_DETAILS", "sometimes")).security()).hasMessageContaining("OBSERVATORY_HEALTH_DETAILS");
    }

    private static ObservatoryService start(DetailsVisibility visibility, TestDatabase db) {
        TestDatabase database = db == null ? TestServers.freshDatabase() : db;
        return ObservatoryService.start(ServerConfig.ephemeral(), database.config(),
                SecurityConfig.defaults().withHealthDetails(visibility));
    }

    private static HttpResponse<String> get(ObservatoryService service, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.managementUrl() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
