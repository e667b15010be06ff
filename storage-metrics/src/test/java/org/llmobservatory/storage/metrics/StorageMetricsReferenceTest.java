package org.llmobservatory.storage.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/** docs/METRICS_REFERENCE.md and the registry must describe the same storage families. */
class StorageMetricsReferenceTest {

    private record Family(String type, String labels, String buckets) {
    }

    private static final Pattern ROW = Pattern.compile(
            "(?m)^\\| `(storage_\\w+)` \\| (\\w+) \\| ([^|]*)\\| ([^|]*)\\|$");
    private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE (storage_\\w+) (\\w+)$");

    @Test
    void the_reference_lists_every_storage_family_with_its_type_labels_and_buckets() throws Exception {
        Map<String, Family> documented = documented();
        Map<String, Family> exported = exported();
        assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(exported.keySet());
        exported.forEach((name, family) -> assertThat(documented.get(name)).as(name).isEqualTo(family));
    }

    private static Map<String, Family> documented() throws Exception {
        Path doc = Path.of(System.getProperty("user.dir")).getParent().resolve("docs/METRICS_REFERENCE.md");
        Matcher m = ROW.matcher(Files.readString(doc));
        Map<String, Family> families = new LinkedHashMap<>();
        while (m.find()) {
            String labels = Arrays.stream(m.group(3).split(",")).map(s -> s.replace("`", "").strip())
                    .filter(s -> !s.isEmpty()).sorted().collect(Collectors.joining(","));
            String buckets = Arrays.stream(m.group(4).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .map(s -> Double.toString(Double.parseDouble(s))).collect(Collectors.joining(","));
            families.put(m.group(1), new Family(m.group(2), labels, buckets));
        }
        return families;
    }

    private static Map<String, Family> exported() {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        StorageMetrics metrics = new StorageMetrics(registry);
        TestDatabase db = TestServers.freshDatabase();
        try (StoragePool ignored = StoragePool.open(new StoragePool.Settings(db.jdbcUrl(), db.user(), db.password(),
                2, Duration.ofSeconds(30), Duration.ofSeconds(30), metrics.poolTrackers()))) {
            String scrape = registry.scrape();
            Map<String, Family> families = new LinkedHashMap<>();
            Matcher m = TYPE.matcher(scrape);
            while (m.find()) {
                String name = m.group(1);
                if (name.endsWith("_max")) {
                    continue; // Micrometer's companion gauge of each histogram, documented in the preamble
                }
                families.put(name, new Family(m.group(2), labels(scrape, name), buckets(scrape, name)));
            }
            return families;
        }
    }

    private static String labels(String scrape, String family) {
        Matcher m = Pattern.compile("(?m)^" + family + "(?:_bucket|_count|_sum)?\\{([^}]*)}").matcher(scrape);
        TreeSet<String> keys = new TreeSet<>();
        while (m.find()) {
            for (String pair : m.group(1).split(",")) {
                String key = pair.substring(0, pair.indexOf('='));
                if (!key.equals("le")) {
                    keys.add(key);
                }
            }
        }
        return String.join(",", keys);
    }

    private static String buckets(String scrape, String family) {
        Matcher m = Pattern.compile("(?m)^" + family + "_bucket\\{(?:[^}]*,)?le=\"([^\"]+)\"}").matcher(scrape);
        List<String> bounds = new java.util.ArrayList<>();
        while (m.find() && !m.group(1).equals("+Inf")) {
            bounds.add(Double.toString(Double.parseDouble(m.group(1))));
        }
        return String.join(",", bounds);
    }
}
