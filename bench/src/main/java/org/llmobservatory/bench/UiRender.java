package org.llmobservatory.bench;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.llmobservatory.bench.report.Figure;
import org.llmobservatory.bench.report.MachineLoad;
import org.llmobservatory.bench.report.Scale;
import org.llmobservatory.server.api.ApiServer;
import org.llmobservatory.server.api.ApiSettings;
import org.llmobservatory.server.config.Settings;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.auth.AccessPolicy;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.SpanKind;
import org.llmobservatory.storage.model.StatusCode;
import org.llmobservatory.storage.writer.WriteOutcome;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * How long the web UI takes, in Debian's Chromium driven by Selenium, from navigation to the painted trace list of
 * the last hour and to the painted waterfall of a 500-span trace, on the query benchmark's database. The page marks
 * each moment itself ({@code performance.mark}, after the frame that shows the rows), so the figure is the browser's
 * own clock from the start of navigation: fetching the page, its modules, the API answer, and drawing.
 */
final class UiRender {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final int WATERFALL_SPANS = 500;
    static final String LIST_MARK = "ui:traces-painted";
    static final String TRACE_MARK = "ui:trace-painted";
    /** Where the page keeps the API key of its tab (js/api.js). */
    static final String KEY_ITEM = "llm-observatory.api-key";

    private UiRender() {
    }

    /** The figures of both pages at {@code size} stored spans, with targets when {@code targeted}. */
    static List<Figure> measure(Storage storage, Instant end, long size, Scale scale, boolean targeted)
            throws Exception {
        String traceId = writeWideTrace(storage, end.minus(Duration.ofMinutes(30)));
        String key = storage.keys(AccessPolicy.AUTO).create(AgentTraces.PROJECT, "ui-render").token();
        Path profile = Files.createTempDirectory("observatory-chromium-");
        ChromeDriver browser = null;
        try (ApiServer api = ApiServer.start(new ApiSettings("127.0.0.1", 0, Settings.QUERY_CACHE_TTL.fallback()), storage,
                storage.keys(AccessPolicy.AUTO), null)) {
            browser = browser(profile);
            browser.get(api.url() + "/");
            ((JavascriptExecutor) browser).executeScript("sessionStorage.setItem(arguments[0], arguments[1])",
                    KEY_ITEM, key);
            String window = "from=" + encode(end.minus(Duration.ofHours(1)).toString()) + "&to=" + encode(end.toString());
            ChromeDriver b = browser;
            int warmup = scale.pick(1, 3);
            int runs = scale.pick(5, 20);
            Latencies list = measure(warmup, runs,
                    i -> painted(b, api.url() + "/?run=list" + i + "#/traces?" + window, LIST_MARK));
            Latencies trace = measure(warmup, runs,
                    i -> painted(b, api.url() + "/?run=trace" + i + "#/traces/" + traceId, TRACE_MARK));
            // The mark comes once the first screenful of rows is painted; the rest must follow.
            allRowsDrawn(browser);
            String note = String.format(Locale.ROOT, "%d page loads after %d warm-up (the UI's files cached, the"
                    + " page and the API asked anew), from navigation start to the page's mark after the frame that"
                    + " shows the list or the waterfall's first 80 rows, headless Chromium, %s", runs, warmup,
                    MachineLoad.described());
            return List.of(
                    Figure.info(QueryBenchmark.SECTION, name("trace list page, last hour", "p50", size),
                            list.percentile(0.5), "ms", note),
                    target(name("trace list page, last hour", "p95", size), list.percentile(0.95), 500, targeted,
                            note),
                    Figure.info(QueryBenchmark.SECTION, name("500-span waterfall page", "p50", size),
                            trace.percentile(0.5), "ms", note),
                    target(name("500-span waterfall page", "p95", size), trace.percentile(0.95), 300, targeted,
                            note));
        } finally {
            if (browser != null) {
                browser.quit();
            }
            QueryBenchmark.deleteTree(profile);
        }
    }

    private static Figure target(String name, double millis, double targetMillis, boolean targeted, String note) {
        return targeted ? new Figure(QueryBenchmark.SECTION, name, millis, "ms",
                String.format(Locale.ROOT, "<= %.0f ms", targetMillis), Double.NaN, millis <= targetMillis, note)
                : Figure.info(QueryBenchmark.SECTION, name, millis, "ms", note);
    }

    private static String name(String label, String percentile, long size) {
        return QueryBenchmark.figureName(label, percentile, size);
    }

    /** The runs' times as the page measured them, not as the driver saw them. */
    private interface PageTimer {
        double time(int run);
    }

    private static Latencies measure(int warmup, int runs, PageTimer timer) {
        for (int i = -warmup; i < 0; i++) {
            timer.time(i);
        }
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            millis[i] = timer.time(i);
        }
        return new Latencies(millis);
    }

    /** Loads {@code url} and waits for the page's {@code mark}: its time since navigation start, in ms. */
    private static double painted(ChromeDriver browser, String url, String mark) {
        browser.get(url);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Object time = ((JavascriptExecutor) browser).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const seen = () => performance.getEntriesByName(arguments[0], 'mark');
                    if (seen().length) { done(seen()[0].startTime); return; }
                    new PerformanceObserver((list, observer) => {
                      if (seen().length) { observer.disconnect(); done(seen()[0].startTime); }
                    }).observe({ type: 'mark', buffered: true });
                    setTimeout(() => done(null), 5000);""", mark);
            if (time instanceof Number n) {
                return n.doubleValue();
            }
            String problem = problemShown(browser);
            if (problem != null) {
                throw new IllegalStateException(url + " shows an error instead of its data: " + problem);
            }
        }
        throw new IllegalStateException(url + " did not mark " + mark + " within 60 s");
    }

    private static void allRowsDrawn(ChromeDriver browser) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long rows = 0;
        while (System.nanoTime() < deadline) {
            rows = (Long) ((JavascriptExecutor) browser).executeScript(
                    "return document.querySelectorAll('table.waterfall tbody tr').length");
            if (rows == WATERFALL_SPANS) {
                return;
            }
            ((JavascriptExecutor) browser).executeAsyncScript(
                    "requestAnimationFrame(() => arguments[arguments.length - 1]())");
        }
        throw new IllegalStateException("the waterfall showed " + rows + " of " + WATERFALL_SPANS + " spans");
    }

    private static String problemShown(ChromeDriver browser) {
        Object text = ((JavascriptExecutor) browser).executeScript(
                "const e = document.querySelector('[role=alert]'); return e && e.textContent.trim() || null;");
        return text == null ? null : text.toString();
    }

    private static ChromeDriver browser(Path profile) {
        for (String file : new String[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(Path.of(file))) {
                throw new IllegalStateException(file + " is missing: apt-get install chromium chromium-driver");
            }
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--window-size=1400,1000",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(CHROMEDRIVER)
                .toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }

    /** One trace of {@value #WATERFALL_SPANS} spans: an agent with steps, each with LLM and tool calls below. */
    private static String writeWideTrace(Storage storage, Instant start) throws Exception {
        Random random = new Random(500);
        HexFormat hex = HexFormat.of();
        byte[] traceBytes = new byte[16];
        random.nextBytes(traceBytes);
        String traceId = hex.formatHex(traceBytes);
        List<Span> spans = new ArrayList<>(WATERFALL_SPANS);
        String root = spanId(random, hex);
        spans.add(span(traceId, root, null, "invoke_agent planner", start, 60_000).build());
        String step = root;
        for (int i = 1; i < WATERFALL_SPANS; i++) {
            Instant t = start.plusMillis(100L * i);
            String id = spanId(random, hex);
            if (i % 10 == 1) {
                spans.add(span(traceId, id, root, "step " + (i / 10), t, 950).build());
                step = id;
            } else if (i % 2 == 0) {
                spans.add(span(traceId, id, step, "chat gpt-4o", t, 80).kind(SpanKind.CLIENT).provider("openai")
                        .model("gpt-4o").operation("chat").inputTokens(400L).outputTokens(60L).totalTokens(460L)
                        .costUsd(new BigDecimal("0.0016")).inputContent("[{\"role\":\"user\",\"parts\":[{\"type\":"
                                + "\"text\",\"content\":\"step " + i + "\"}]}]").build());
            } else {
                spans.add(span(traceId, id, step, "execute_tool search", t, 40).build());
            }
        }
        WriteOutcome outcome = storage.traces().writeAll(spans).get(1, TimeUnit.MINUTES);
        if (!outcome.allCommitted()) {
            throw new IllegalStateException("the " + WATERFALL_SPANS + "-span trace was refused: "
                    + outcome.rejected().get(0));
        }
        return traceId;
    }

    private static Span.Builder span(String traceId, String id, String parent, String name, Instant start,
            long millis) {
        return Span.builder().projectId(AgentTraces.PROJECT).traceId(traceId).spanId(id).parentSpanId(parent)
                .name(name).kind(SpanKind.INTERNAL).serviceName("support-bot").startTime(start)
                .endTime(start.plusMillis(millis)).statusCode(StatusCode.OK);
    }

    private static String spanId(Random random, HexFormat hex) {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return hex.formatHex(bytes);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
