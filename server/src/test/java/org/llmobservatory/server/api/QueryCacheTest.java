package org.llmobservatory.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.llmobservatory.server.config.Settings;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.embedded.EmbeddedCache;
import org.llmobservatory.storage.model.MetricPoint;
import org.llmobservatory.storage.model.MetricType;
import org.llmobservatory.storage.repository.TimeRange;
import org.llmobservatory.storage.repository.UsageDimension;
import org.llmobservatory.storage.repository.UsageQuery;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.Spans;
import org.llmobservatory.storage.support.TestServers;

/**
 * Aggregate answers cached in a Redis of this test's own, which it stops and starts: a repeated query is
 * a hit, a Redis that is down is bypassed without an error, and caching resumes once it is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryCacheTest {

    static final Instant T = Instant.parse("2031-05-06T10:00:00Z");
    static final String FROM = T.toString();
    static final String TO = T.plusSeconds(3600).toString();

    private EmbeddedCache redis;
    private ApiFixture api;

    @BeforeAll
    void start() {
        redis = EmbeddedCache.start(0, TestServers.work().resolve("api-cache-redis"));
        api = ApiFixture.start(new RedisTarget.External(redis.url()), Settings.QUERY_CACHE_TTL.fallback(), null);
        api.spans(List.of(Spans.llmCall("default", Spans.traceId(), T.plusSeconds(10), 100).build()));
        api.metrics(List.of(MetricPoint.number("default", "queue.depth", MetricType.GAUGE, "1", "chat-api", null,
                T.plusSeconds(10), 4)));
    }

    @BeforeEach
    void redisRunsAndIsEmpty() {
        redis.restart();
        Eventually.await(Duration.ofSeconds(10), "Redis reachable again", () -> {
            try {
                api.storage.redis().orElseThrow().connection().orElseThrow().sync().flushall();
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    @AfterAll
    void stop() {
        api.close();
        redis.close();
    }

    @Test
    void a_second_identical_usage_request_is_a_hit_with_the_same_body() {
        HttpResponse<String> first = api.get("/api/v1/usage", "from", FROM, "to", TO, "groupBy", "provider");
        HttpResponse<String> second = api.get("/api/v1/usage", "from", FROM, "to", TO, "groupBy", "provider");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.headers().firstValue("X-Cache")).hasValue("miss");
        assertThat(second.headers().firstValue("X-Cache")).hasValue("hit");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
    }

    @Test
    void the_same_query_written_differently_shares_an_entry_and_a_different_one_does_not() {
        api.get("/api/v1/usage", "from", FROM, "to", TO, "groupBy", "model");

        HttpResponse<String> offsetTimes = api.get("/api/v1/usage", "from", "2031-05-06T12:00:00+02:00",
                "to", "2031-05-06T13:00:00+02:00", "groupBy", "MODEL");
        HttpResponse<String> otherFilter = api.get("/api/v1/usage", "from", FROM, "to", TO, "groupBy", "model",
                "provider", "openai");

        assertThat(offsetTimes.headers().firstValue("X-Cache")).hasValue("hit");
        assertThat(otherFilter.headers().firstValue("X-Cache")).hasValue("miss");
    }

    @Test
    void requests_for_the_default_last_hour_share_an_entry() {
        // The default window ends at the next 10 s boundary; two requests on either side of one differ.
        Eventually.await(Duration.ofSeconds(30), "a repeated last-hour request to hit", () -> {
            api.get("/api/v1/usage");
            return api.get("/api/v1/usage").headers().firstValue("X-Cache").orElse("").equals("hit");
        });
    }

    @Test
    void metric_series_are_cached_too() {
        String[] query = {"name", "queue.depth", "from", FROM, "to", TO, "step", "PT1M"};

        assertThat(api.get("/api/v1/metrics/series", query).headers().firstValue("X-Cache")).hasValue("miss");
        HttpResponse<String> second = api.get("/api/v1/metrics/series", query);
        assertThat(second.headers().firstValue("X-Cache")).hasValue("hit");
        assertThat(ApiFixture.json(second).get("series").get(0).get("points").get(0).get("value").asDouble())
                .isEqualTo(4.0);
    }

    @Test
    void with_redis_down_answers_come_from_postgres_and_caching_resumes_when_it_is_back() {
        HttpResponse<String> cached = api.get("/api/v1/usage", "from", FROM, "to", TO);
        redis.stop();

        HttpResponse<String> down = api.get("/api/v1/usage", "from", FROM, "to", TO);
        HttpResponse<String> stillDown = api.get("/api/v1/usage", "from", FROM, "to", TO);

        assertThat(down.statusCode()).as(down.body()).isEqualTo(200);
        assertThat(down.headers().firstValue("X-Cache")).hasValue("bypass");
        assertThat(down.body()).isEqualTo(cached.body());
        assertThat(stillDown.headers().firstValue("X-Cache")).hasValue("bypass");

        redis.restart();
        Eventually.await(Duration.ofSeconds(15), "the cache to answer again", () -> !"bypass".equals(
                api.get("/api/v1/usage", "from", FROM, "to", TO).headers().firstValue("X-Cache").orElse("")));
        assertThat(api.get("/api/v1/usage", "from", FROM, "to", TO).headers().firstValue("X-Cache"))
                .hasValue("hit");
    }

    @Test
    void an_entry_expires_after_the_time_to_live() {
        try (ApiServer shortLived = ApiServer.start(new ApiSettings("127.0.0.1", 0, Duration.ofMillis(300)),
                api.storage, api.keys, null)) {
            ApiFixture.Request request = new ApiFixture.Request(shortLived.url() + "/api/v1/usage"
                    + ApiFixture.query("from", FROM, "to", TO, "groupBy", "service"));
            assertThat(request.send().headers().firstValue("X-Cache")).hasValue("miss");

            Eventually.await(Duration.ofSeconds(10), "the entry to expire",
                    () -> request.send().headers().firstValue("X-Cache").orElse("").equals("miss"));
        }
    }

    @Test
    void keys_differ_by_project_and_name_no_query_text() {
        QueryCache cache = new QueryCache(Optional.empty(), Duration.ofSeconds(30));
        TimeRange window = TimeRange.of(T, T.plusSeconds(3600));

        String a = cache.key("usage", UsageQuery.of("team-a", window, UsageDimension.MODEL));
        String b = cache.key("usage", UsageQuery.of("team-b", window, UsageDimension.MODEL));

        assertThat(a).isNotEqualTo(b).startsWith(QueryCache.KEY_PREFIX + "usage:").doesNotContain("team-a");
        assertThat(cache.key("usage", UsageQuery.of("team-a", window, UsageDimension.MODEL))).isEqualTo(a);
    }

    @Test
    void without_redis_every_answer_is_a_bypass() {
        QueryCache cache = new QueryCache(Optional.empty(), Duration.ofSeconds(30));

        QueryCache.Answer answer = cache.answer("usage", "q", () -> "{}");

        assertThat(answer).isEqualTo(new QueryCache.Answer("{}", QueryCache.Status.BYPASS));
    }
}
