package org.llmobservatory.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.service.ObservatoryService;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.SpanKind;
import org.llmobservatory.storage.model.StatusCode;
import org.llmobservatory.storage.support.Spans;
import org.llmobservatory.storage.support.TestServers;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * A trace of {@value #SPANS} spans in the browser: every row is drawn (the first screenful at once, the rest in
 * chunks), the keyboard reaches the last one, and the span chosen is the one whose content is shown.
 */
class UiLargeTraceTest {

    private static final int SPANS = 300;
    private static final String ROWS = "table.waterfall tbody tr";

    private static ObservatoryService service;
    private static Browser browser;
    private static final String TRACE = Spans.traceId();

    @BeforeAll
    static void start() throws Exception {
        service = ObservatoryService.start(ServerConfig.ephemeral(), TestServers.freshDatabase().config());
        Instant start = Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        List<Span> spans = new ArrayList<>();
        Span root = Spans.step("default", TRACE, "agent run", start, 60_000).kind(SpanKind.SERVER).build();
        spans.add(root);
        for (int i = 1; i < SPANS; i++) {
            spans.add(Spans.step("default", TRACE, "step " + i, start.plusMillis(150L * i), 100)
                    .parentSpanId(root.spanId()).statusCode(StatusCode.OK)
                    .attributes("{\"step.number\": " + i + "}").build());
        }
        assertThat(service.storage().traces().writeAll(spans).get(1, TimeUnit.MINUTES).committed()).isEqualTo(SPANS);
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            service.stop();
        }
    }

    @Test
    void every_row_is_drawn_the_keyboard_reaches_the_last_and_a_chosen_span_shows_its_own_content() {
        browser.open(service.apiUrl() + "/#/traces/" + TRACE);

        List<WebElement> rows = browser.awaitCount(ROWS, SPANS);
        assertThat(browser.one("table.waterfall thead th").getText()).isEqualTo("Span (" + SPANS + ")");
        assertThat(browser.one(".trace-summary [data-field=spans]").getText()).isEqualTo(String.valueOf(SPANS));
        browser.awaitSpanShown("agent run");

        rows.get(0).sendKeys(Keys.END);
        browser.awaitSpanShown("step " + (SPANS - 1));
        assertThat(rows.get(SPANS - 1).getAttribute("aria-selected")).isEqualTo("true");
        assertThat(rows.get(0).getAttribute("aria-selected")).isEqualTo("false");

        // As a person would: scroll the row to the middle of the window, then click it.
        browser.script("arguments[0].scrollIntoView({block: 'center'})", rows.get(150));
        rows.get(150).click();
        browser.awaitSpanShown("step 150");
        assertThat(browser.one(".detail table.kv").getText()).contains("step.number 150");

        // With that row just under the page's sticky header, the arrow key up brings the row above into sight
        // below the header, not under it.
        browser.script("window.scrollBy(0, arguments[0].getBoundingClientRect().top - 10)", rows.get(150));
        rows.get(150).sendKeys(Keys.ARROW_UP);
        browser.awaitSpanShown("step 149");
        Object gap = browser.script("return arguments[0].getBoundingClientRect().top"
                + " - document.querySelector('header').getBoundingClientRect().bottom", rows.get(149));
        assertThat(((Number) gap).doubleValue()).as("the row's top below the header's bottom").isNotNegative();

        assertThat(browser.consoleEntries().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList())
                .as("errors in the browser console").isEmpty();
    }
}
