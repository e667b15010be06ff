package org.llmobservatory.storage.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.support.Http;

class HttpServerMetricsTest {

    @Test
    void requests_are_timed_by_route_template_with_status_and_outcome_including_failures() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            HttpServerMetrics.install(config, registry);
            config.routes.get("/traces/{traceId}", ctx -> ctx.result(ctx.pathParam("traceId")));
            config.routes.get("/boom", ctx -> {
                throw new IllegalStateException("handler failed");
            });
        });
        app.start();
        try {
            String base = "http://127.0.0.1:" + app.port();
            Http.get(base + "/traces/4bf92f3577b34da6a3ce929d0e0e4736");
            Http.get(base + "/traces/00f067aa0ba902b7");
            assertThat(Http.get(base + "/boom").statusCode()).isEqualTo(500);

            String scrape = registry.scrape();

            assertThat(scrape).contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\","
                    + "status=\"200\",uri=\"/traces/{traceId}\"} 2");
            assertThat(scrape).contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"SERVER_ERROR\","
                    + "status=\"500\",uri=\"/boom\"} 1");
            assertThat(scrape).doesNotContain("4bf92f3577b34da6a3ce929d0e0e4736").doesNotContain("00f067aa0ba902b7");
            assertThat(scrape).contains("status=\"200\",uri=\"/traces/{traceId}\",le=\"+Inf\"} 2");
        } finally {
            app.stop();
            registry.close();
        }
    }
}
