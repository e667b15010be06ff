package org.llmobservatory.server.fault;

import java.io.IOException;
import org.llmobservatory.server.support.Scrape;
import org.llmobservatory.storage.support.Http;

/** Reads a running service's probes and metrics over real HTTP, as an orchestrator and Prometheus do. */
record ManagementProbe(String baseUrl) {

    /** The status code of {@code path}, or -1 when nothing answers. */
    int status(String path) {
        try {
            return Http.get(baseUrl + path).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The {@code error} detail of a {@code /health} component, or empty while it has none (or nothing answers). */
    String componentError(String component) {
        try {
            var details = Http.json(Http.get(baseUrl + "/health")).path("components").path(component).path("details");
            return details.path("error").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    /** The sum of the series of a metric having these labels (name, value, ...), such as {@code storage_retries_total}. */
    double sum(String metric, String... labels) throws IOException {
        return Scrape.parse(Http.get(baseUrl + "/metrics").body()).find(metric, labels).stream()
                .mapToDouble(Scrape.Sample::value).sum();
    }
}
