package org.llmobservatory.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.service.ObservatoryService;
import org.llmobservatory.server.ui.UiTelemetry.Sent;
import org.llmobservatory.storage.support.TestServers;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.Select;

/**
 * The web UI as a person meets it: the real service (embedded PostgreSQL) with traces sent through the OpenTelemetry
 * SDK's exporters, read in a real Chromium. Every test ends by checking that the browser's console logged no error.
 */
class UiBrowserTest {

    private static final String TRACE_ROWS = "#view table.data tbody tr[data-trace-id]";
    private static final String WATERFALL_ROWS = "table.waterfall tbody tr";

    private static ObservatoryService service;
    private static Browser browser;
    private static Sent sent;

    @BeforeAll
    static void start() throws Exception {
        service = ObservatoryService.start(new ServerConfig("127.0.0.1", 0, 0, 0, 0),
                TestServers.freshDatabase().config());
        sent = UiTelemetry.send("http://127.0.0.1:" + service.ports().otlpHttp(), null);
        UiTelemetry.assertStored(service.apiUrl(), null);
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

    @AfterEach
    void the_console_stayed_clean() {
        List<LogEntry> severe = browser.consoleEntries().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()).toList();
        assertThat(severe).as("errors in the browser console").isEmpty();
    }

    private static void open(String hash) {
        // A page of its own first, so that every test starts from a fresh document.
        browser.open("about:blank");
        browser.open(service.apiUrl() + "/" + hash);
    }

    private static String text(String css) {
        return browser.one(css).getText();
    }

    @Test
    void the_trace_list_shows_every_trace_newest_first_with_its_cost_and_its_errors_standing_out() {
        open("#/traces?from=-1h");

        List<WebElement> rows = browser.awaitCount(TRACE_ROWS, UiTelemetry.ROOTS.size());

        assertThat(rows).extracting(r -> r.findElement(By.cssSelector("td.name")).getText())
                .containsExactlyElementsOf(UiTelemetry.ROOTS);
        WebElement checkout = row(sent.checkoutTraceId());
        assertThat(checkout.getText()).contains(UiTelemetry.SHOP, UiTelemetry.CHECKOUT_COST, "gpt-4o",
                "claude-sonnet-4-5", "3,220", "OK");
        WebElement support = row(sent.supportTraceId());
        assertThat(support.getAttribute("class")).contains("error");
        assertThat(support.findElement(By.cssSelector(".pill.error")).getText()).isEqualTo("2 errors");
        assertThat(browser.one("#status").getText()).isEqualTo("4 traces");
        browser.screenshot("traces");
    }

    @Test
    void a_trace_opens_as_a_waterfall_of_its_spans_with_its_total_cost_prompt_completion_and_logs() {
        open("#/traces?from=-1h");
        browser.awaitCount(TRACE_ROWS, UiTelemetry.ROOTS.size());

        row(sent.checkoutTraceId()).click();

        browser.await("the trace page", d -> browser.hash().startsWith("#/traces/" + sent.checkoutTraceId()));
        List<WebElement> spans = browser.awaitCount(WATERFALL_ROWS, UiTelemetry.CHECKOUT_SPANS);
        assertThat(spans).extracting(WebElement::getText).containsExactly(
                UiTelemetry.CHECKOUT_ROOT + "\n2.46 s", "chat gpt-4o\n900 ms", "execute_tool lookup_order\n200 ms",
                "chat claude-sonnet-4-5\n1.30 s");
        assertThat(text(".trace-summary [data-field=cost]")).isEqualTo(UiTelemetry.CHECKOUT_COST);
        assertThat(text(".trace-summary [data-field=spans]")).isEqualTo("4");
        assertThat(spans.get(0).getAttribute("aria-selected")).isEqualTo("true");

        // The keyboard moves the selection: down to the first model call, then to the last span.
        spans.get(0).sendKeys(Keys.ARROW_DOWN);
        browser.awaitSpanShown("chat gpt-4o");
        assertThat(text(".detail dl.props")).contains("Cached tokens\n400", "Cost\n$0.0123", "Model\ngpt-4o");
        assertThat(text(".detail .prompt")).isEqualTo("USER\n" + UiTelemetry.CHECKOUT_QUESTION);
        browser.driver().switchTo().activeElement().sendKeys(Keys.END);
        browser.awaitSpanShown("chat claude-sonnet-4-5");
        assertThat(spans.get(3).getAttribute("aria-selected")).isEqualTo("true");
        assertThat(text(".detail dl.props")).contains("Input tokens\n1,600", "Output tokens\n120",
                "Reasoning tokens\n60", "Cost\n$0.0456", "Time to first token\n433 ms", "Finish reason\nstop",
                "Provider\nanthropic");
        assertThat(text(".detail .completion")).isEqualTo("ASSISTANT\n" + UiTelemetry.CHECKOUT_ANSWER);
        assertThat(text(".detail .events")).contains("gen_ai.content.first_token");
        assertThat(browser.awaitCount("table.logs tbody tr", 1).get(0).getText()).contains(UiTelemetry.CHECKOUT_LOG);
        browser.screenshot("trace");

        // The error of a failed span stands out with its message.
        open("#/traces/" + sent.supportTraceId());
        browser.awaitCount(WATERFALL_ROWS, 2).get(1).click();
        browser.await("the error message", d -> UiTelemetry.RATE_LIMITED.equals(browser.script(
                "const e = document.querySelector('.detail[aria-busy=false] .error-message');"
                        + " return e && e.textContent;")));
    }

    @Test
    void filters_narrow_the_list_and_are_written_to_the_url_so_the_view_can_be_shared() {
        open("#/traces?from=-1h");
        browser.awaitCount(TRACE_ROWS, 4);

        WebElement model = browser.one("form.filters input[name=model]");
        model.sendKeys("claude-sonnet-4-5", Keys.ENTER);
        assertThat(browser.awaitCount(TRACE_ROWS, 1).get(0).getAttribute("data-trace-id"))
                .isEqualTo(sent.checkoutTraceId());
        assertThat(browser.hash()).isEqualTo("#/traces?from=-1h&model=claude-sonnet-4-5");

        browser.one("form.filters button[type=button]").click();   // Clear
        browser.awaitCount(TRACE_ROWS, 4);
        new Select(browser.one("form.filters select[name=status]")).selectByValue("error");
        assertThat(browser.awaitCount(TRACE_ROWS, 2)).extracting(r -> r.getAttribute("data-trace-id"))
                .containsExactly(sent.hostileTraceId(), sent.supportTraceId());
        assertThat(browser.hash()).isEqualTo("#/traces?from=-1h&status=error");

        browser.one("[aria-label='Last 15 minutes']").click();
        assertThat(browser.awaitCount(TRACE_ROWS, 1).get(0).getAttribute("data-trace-id"))
                .isEqualTo(sent.hostileTraceId());
        assertThat(browser.hash()).isEqualTo("#/traces?from=-15m&status=error");

        // The URL alone brings the same view back, its filters filled in.
        open("#/traces?from=-1h&minCostUsd=0.01");
        assertThat(browser.awaitCount(TRACE_ROWS, 1).get(0).getAttribute("data-trace-id"))
                .isEqualTo(sent.checkoutTraceId());
        assertThat(browser.one("form.filters input[name=minCostUsd]").getAttribute("value")).isEqualTo("0.01");
        assertThat(browser.one("[aria-label='Last 1 hour']").getAttribute("aria-pressed")).isEqualTo("true");
    }

    @Test
    void the_usage_charts_have_one_point_per_bucket_and_the_totals_per_model() {
        long step = Duration.ofMinutes(5).toSeconds();
        long to = (sent.now().getEpochSecond() / step + 1) * step;
        Instant from = Instant.ofEpochSecond(to - 12 * step);
        open("#/usage?from=" + from + "&to=" + Instant.ofEpochSecond(to) + "&groupBy=model&step=5m");

        List<WebElement> charts = browser.awaitCount(".chart[data-points]", 5);

        assertThat(charts).extracting(c -> c.getAttribute("data-points")).containsOnly("12");
        assertThat(charts).extracting(c -> c.getAttribute("data-series")).containsOnly("3");
        assertThat(browser.all(".chart canvas")).hasSize(5);
        List<WebElement> totals = browser.awaitCount("table.usage-totals tbody tr", 3);
        assertThat(totals.get(0).getText()).startsWith("gpt-4o 3 1 33.3% 2,150 350 400 2,500 $0.0144");
        assertThat(browser.hash()).contains("groupBy=model", "step=5m");
        browser.screenshot("usage");
    }

    @Test
    void sessions_users_and_a_session_read_as_a_conversation() {
        open("#/sessions?from=-1h");
        List<WebElement> sessions = browser.awaitCount("#view table.data tbody tr", 2);
        assertThat(sessions.get(0).getText()).contains(UiTelemetry.SESSION, UiTelemetry.USER, "$0.0599");
        browser.screenshot("sessions");

        sessions.get(0).sendKeys(Keys.ENTER);
        List<WebElement> turns = browser.awaitCount("ol.conversation article.turn", 2);
        assertThat(text(".session-summary [data-field=cost]")).isEqualTo("$0.0599");
        assertThat(turns.get(0).getText()).contains(UiTelemetry.CHECKOUT_ROOT, UiTelemetry.CHECKOUT_QUESTION,
                UiTelemetry.CHECKOUT_ANSWER);
        // The second turn shows its newest question, not the history its prompt repeats.
        assertThat(turns.get(1).findElement(By.cssSelector(".messages")).getText())
                .isEqualTo("USER\n" + UiTelemetry.FOLLOW_UP_QUESTION);
        assertThat(turns.get(1).findElement(By.cssSelector(".answer")).getText())
                .isEqualTo("ASSISTANT\n" + UiTelemetry.FOLLOW_UP_ANSWER);
        browser.screenshot("session");

        open("#/users?from=-1h");
        List<WebElement> users = browser.awaitCount("#view table.data tbody tr", 3);
        WebElement alice = users.stream().filter(u -> UiTelemetry.USER.equals(u.getAttribute("data-user-id")))
                .findFirst().orElseThrow();
        assertThat(alice.getText()).startsWith(UiTelemetry.USER + " 1 2 6 0");
        browser.screenshot("users");
        alice.findElement(By.linkText("Traces")).click();
        assertThat(browser.awaitCount(TRACE_ROWS, 2)).extracting(r -> r.getAttribute("data-trace-id"))
                .containsExactly(sent.followUpTraceId(), sent.checkoutTraceId());
    }

    @Test
    void text_from_telemetry_is_shown_as_text_and_never_run() {
        open("#/traces?from=-1h");
        browser.awaitCount(TRACE_ROWS, 4);
        assertThat(row(sent.hostileTraceId()).findElement(By.cssSelector("td.name")).getText())
                .isEqualTo(UiTelemetry.HOSTILE_NAME);

        row(sent.hostileTraceId()).click();
        browser.awaitCount(WATERFALL_ROWS, 2);
        assertThat(text("#view h1")).isEqualTo(UiTelemetry.HOSTILE_NAME);
        browser.awaitSpanShown(UiTelemetry.HOSTILE_NAME);
        assertThat(text(".detail table.kv")).contains("note " + UiTelemetry.HOSTILE_IMG);
        browser.all(WATERFALL_ROWS).get(1).click();
        browser.awaitSpanShown("chat gpt-4o");
        assertThat(text(".detail .error-message")).isEqualTo(UiTelemetry.HOSTILE_IMG);
        assertThat(text(".detail .prompt")).isEqualTo("USER\n" + UiTelemetry.HOSTILE_IMG);
        assertThat(text(".detail .completion")).isEqualTo("<b>bold</b><script>window.__xss=1</script>");

        assertThat(browser.script("return window.__xss")).isNull();
        assertThat(browser.script("return document.querySelectorAll('#view script, #view img, #view b').length"))
                .isEqualTo(0L);
    }

    @Test
    void the_ui_is_served_with_a_strict_content_security_policy_and_no_inline_script() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String page = http.send(HttpRequest.newBuilder(URI.create(service.apiUrl() + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher main = java.util.regex.Pattern.compile("src=\"([^\"]+)/js/main\\.js\"").matcher(page);
        assertThat(main.find()).as(page).isTrue();
        String assets = main.group(1);
        for (String path : List.of("/", assets + "/js/main.js", assets + "/app.css",
                "/webjars/uplot/1.6.30/dist/uPlot.esm.js")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.apiUrl() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(path).hasValue(
                    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
                            + " object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(response.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
            if (path.equals("/")) {
                assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("text/html"));
                assertThat(response.body()).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("style=");
            }
        }
    }

    private static WebElement row(String traceId) {
        return browser.one(TRACE_ROWS.replace("[data-trace-id]", "[data-trace-id='" + traceId + "']"));
    }
}
