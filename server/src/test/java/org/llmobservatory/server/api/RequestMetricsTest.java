package org.llmobservatory.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.llmobservatory.server.config.Settings;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.support.Eventually;

/** Requests are timed by route template, so trace ids and unknown paths never become label values. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ApiFixture api;

    @BeforeAll
    void start() {
        api = ApiFixture.start(new RedisTarget.Disabled(), Settings.QUERY_CACHE_TTL.fallback(), registry);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void requests_are_counted_by_route_template_status_and_outcome() {
        api.get("/api/v1/traces/" + "a".repeat(32));
        api.get("/api/v1/traces/" + "b".repeat(32));
        api.get("/api/v1/traces", "limit", "5000");
        api.get("/no/such/route/" + System.nanoTime());

        Eventually.await(Duration.ofSeconds(5), "four requests recorded", () -> registry.find("http.server.requests")
                .timers().stream().mapToLong(Timer::count).sum() == 4);
        assertThat(timer("/api/v1/traces/{traceId}", "404").count()).isEqualTo(2);
        assertThat(timer("/api/v1/traces", "400").count()).isEqualTo(1);
        assertThat(registry.get("http.server.requests").tag("uri", "NOT_FOUND").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("http.server.requests").tag("uri", "/api/v1/traces").timer().getId()
                .getTag("outcome")).isEqualTo("CLIENT_ERROR");
        assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTag("uri"))
                .doesNotContain("aaaa", "/no/such"));
    }

    private Timer timer(String uri, String status) {
        return registry.get("http.server.requests").tag("method", "GET").tag("uri", uri).tag("status", status).timer();
    }
}
