package org.llmobservatory.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.storage.config.DatabaseUrl;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.support.Http;
import org.llmobservatory.storage.support.SampleTelemetry;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/** Every family a running service exports is in docs/METRICS_REFERENCE.md, and every one listed there is exported. */
class MetricsReferenceTest {

    private static final Pattern ROW = Pattern.compile("(?m)^\\| `(\\w+)` \\| (counter|gauge|histogram) \\|");
    private static final Pattern PREFIX = Pattern.compile("(?m)^\\| `(\\w+_)` \\|");
    private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE (\\w+) (\\w+)$");

    @TempDir
    Path dataDir;

    @Test
    void the_reference_and_a_live_scrape_name_the_same_families() throws Exception {
        String doc = Files.readString(Path.of(System.getProperty("user.dir")).getParent()
                .resolve("docs/METRICS_REFERENCE.md"));
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = ROW.matcher(doc);
        while (row.find()) {
            documented.put(row.group(1), row.group(2));
        }
        List<String> prefixes = new ArrayList<>();
        Matcher prefix = PREFIX.matcher(doc);
        while (prefix.find()) {
            prefixes.add(prefix.group(1));
        }

        TestDatabase db = TestServers.freshDatabase();
        ObservatoryService service = ObservatoryService.start(new ServerConfig("127.0.0.1", 0, 0, 0, 0,
                Optional.empty()), StorageConfig.builder().database(DatabaseUrl.parse(db.jdbcUrl())).user(db.user())
                .password(db.password()).redis(new RedisTarget.External(TestServers.redis().url()))
                .dataDir(dataDir).build());
        try {
            service.storage().traces().writeAll(SampleTelemetry.llmSpans("reference", 3, Instant.now()))
                    .get(30, TimeUnit.SECONDS);
            // A cached query (Lettuce meters) and a request on each server (HTTP meters).
            assertThat(Http.get(service.apiUrl() + "/api/v1/usage").statusCode()).isEqualTo(200);
            assertThat(Http.get(service.managementUrl() + "/health").statusCode()).isEqualTo(200);
            String scrape = Http.get(service.managementUrl() + "/metrics").body();

            Map<String, String> exported = new LinkedHashMap<>();
            Matcher type = TYPE.matcher(scrape);
            while (type.find()) {
                if (!type.group(1).endsWith("_max")) {
                    exported.put(type.group(1), type.group(2));
                }
            }
            exported.forEach((family, kind) -> {
                if (prefixes.stream().noneMatch(family::startsWith)) {
                    assertThat(documented).as("documented families").containsEntry(family, kind);
                }
            });
            documented.forEach((family, kind) -> assertThat(exported).as("exported families")
                    .containsEntry(family, kind));
            prefixes.forEach(p -> assertThat(exported.keySet()).as("families starting with " + p)
                    .anyMatch(f -> f.startsWith(p)));
        } finally {
            service.stop();
        }
    }
}
