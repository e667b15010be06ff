package org.llmobservatory.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The served OpenAPI 3.1 description matches what the server actually registers and accepts. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest {

    private ApiFixture api;
    private JsonNode document;

    @BeforeAll
    void start() {
        api = ApiFixture.start();
        HttpResponse<String> response = api.get("/api/v1/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        document = ApiFixture.json(response);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void it_is_openapi_3_1() {
        assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.get("info").get("title").asText()).isNotBlank();
    }

    @Test
    void every_registered_route_is_described_and_every_described_route_is_registered() {
        List<String> registered = api.server.registeredRoutes();
        List<String> described = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(
                method -> {
                    if (!method.equals("parameters")) {
                        described.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
                    }
                }));

        assertThat(registered).hasSize(12).containsExactlyInAnyOrderElementsOf(described);
    }

    @Test
    void every_route_documents_exactly_the_query_parameters_it_accepts() {
        for (ApiRoute route : api.server.routes()) {
            JsonNode operation = document.get("paths").get(route.path()).get("get");
            TreeSet<String> documented = new TreeSet<>();
            operation.path("parameters").forEach(p -> {
                JsonNode parameter = resolve(p);
                if (parameter.get("in").asText().equals("query")) {
                    documented.add(parameter.get("name").asText());
                }
            });
            assertThat(documented).as(route.path()).isEqualTo(new TreeSet<>(route.parameters()));
        }
    }

    @Test
    void every_reference_resolves() {
        List<String> references = new ArrayList<>();
        collectReferences(document, references);

        assertThat(references).isNotEmpty();
        for (String reference : references) {
            assertThat(resolve(reference)).as(reference).isNotNull();
        }
    }

    @Test
    void authenticated_routes_document_401_and_cached_ones_the_x_cache_header() {
        for (ApiRoute route : api.server.routes()) {
            JsonNode responses = document.get("paths").get(route.path()).get("get").get("responses");
            assertThat(responses.has("401")).as(route.path()).isEqualTo(route.authenticated());
            if (route.authenticated()) {
                assertThat(responses.has("400")).as(route.path()).isTrue();
            }
        }
        for (String cached : List.of("/api/v1/usage", "/api/v1/metrics/series")) {
            assertThat(document.at("/paths/" + cached.replace("/", "~1") + "/get/responses/200/headers/X-Cache")
                    .isMissingNode()).as(cached).isFalse();
        }
    }

    private JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? resolve(node.get("$ref").asText()) : node;
    }

    private JsonNode resolve(String reference) {
        assertThat(reference).startsWith("#/");
        JsonNode target = document.at(reference.substring(1));
        return target.isMissingNode() ? null : target;
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("$ref")) {
                    references.add(field.getValue().asText());
                } else {
                    collectReferences(field.getValue(), references);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectReferences(child, references));
        }
    }
}
