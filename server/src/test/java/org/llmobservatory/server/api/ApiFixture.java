package org.llmobservatory.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.llmobservatory.server.config.Settings;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.auth.AccessPolicy;
import org.llmobservatory.storage.auth.ApiKeys;
import org.llmobservatory.storage.config.DatabaseUrl;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.model.LogRecord;
import org.llmobservatory.storage.model.MetricPoint;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;
import org.llmobservatory.storage.writer.WriteOutcome;

/**
 * Storage on a test database of its own with the query API in front of it on a free port; data is
 * written through storage's writers and read back over real HTTP.
 */
final class ApiFixture implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    final Storage storage;
    final ApiKeys keys;
    final ApiServer server;

    private ApiFixture(Storage storage, ApiSettings settings, MeterRegistry meters) {
        this.storage = storage;
        this.keys = storage.keys(AccessPolicy.AUTO);
        this.server = ApiServer.start(settings, storage, keys, meters);
    }

    /** Storage without Redis and the API with default settings. */
    static ApiFixture start() {
        return start(new RedisTarget.Disabled(), Settings.QUERY_CACHE_TTL.fallback(), null);
    }

    static ApiFixture start(RedisTarget redis, Duration cacheTtl, MeterRegistry meters) {
        return start(config().withRedis(redis), cacheTtl, meters);
    }

    static ApiFixture start(StorageConfig config, Duration cacheTtl, MeterRegistry meters) {
        Storage storage = Storage.open(config);
        try {
            return new ApiFixture(storage, new ApiSettings("127.0.0.1", 0, cacheTtl), meters);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    /** A fresh database, Redis disabled, writers flushing every 10 ms. */
    static StorageConfig config() {
        return config(Duration.ofSeconds(30));
    }

    /** Like {@link #config()}, with a statement timeout of {@code queryTimeout}. */
    static StorageConfig config(Duration queryTimeout) {
        TestDatabase db = TestServers.freshDatabase();
        return StorageConfig.builder()
                .database(DatabaseUrl.parse(db.jdbcUrl()))
                .user(db.user())
                .password(db.password())
                .redis(new RedisTarget.Disabled())
                .dataDir(TestServers.work())
                .queryTimeout(queryTimeout)
                .writer(WriterSettings.DEFAULTS.withFlushInterval(Duration.ofMillis(10)))
                .build();
    }

    void spans(List<Span> spans) {
        committed(storage.traces().writeAll(spans).join(), spans.size());
    }

    void logs(List<LogRecord> records) {
        committed(storage.logs().writeAll(records).join(), records.size());
    }

    void metrics(List<MetricPoint> points) {
        committed(storage.metrics().writeAll(points).join(), points.size());
    }

    private static void committed(WriteOutcome outcome, int expected) {
        assertThat(outcome.rejected()).as("items refused by the database").isEmpty();
        assertThat(outcome.committed()).isEqualTo(expected);
    }

    /** GETs {@code path} with query parameters given as name, value pairs, URL-encoded. */
    HttpResponse<String> get(String path, String... parameters) {
        return request(path, parameters).send();
    }

    Request request(String path, String... parameters) {
        return new Request(server.url() + path + query(parameters));
    }

    static String query(String... parameters) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parameters.length; i += 2) {
            sb.append(i == 0 ? '?' : '&').append(URLEncoder.encode(parameters[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    /** A GET with optional headers. */
    static final class Request {
        private final HttpRequest.Builder builder;

        Request(String url) {
            this.builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        }

        Request header(String name, String value) {
            builder.header(name, value);
            return this;
        }

        /** The same URL with another method and an empty body. */
        Request method(String method) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
            return this;
        }

        HttpResponse<String> send() {
            try {
                return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            storage.close();
        }
    }
}
