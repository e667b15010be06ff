package org.llmobservatory.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.config.SecurityConfig;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.ratelimit.RateLimit;
import org.llmobservatory.server.redaction.Redaction;
import org.llmobservatory.server.service.ObservatoryService;
import org.llmobservatory.storage.auth.AccessPolicy;
import org.llmobservatory.storage.health.DetailsVisibility;
import org.llmobservatory.storage.support.TestServers;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;

/** The web UI on a service that requires API keys: it asks for one, refuses a wrong one, and keeps it per tab. */
class UiKeyPromptTest {

    private static final String DIALOG = "#key-dialog[open]";
    private static final String STORED_KEY = "return sessionStorage.getItem('llm-observatory.api-key')";

    private static ObservatoryService service;
    private static Browser browser;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        SecurityConfig keysRequired = new SecurityConfig(AccessPolicy.KEYS, RateLimit.off(), DetailsVisibility.ALWAYS,
                Redaction.off());
        service = ObservatoryService.start(new ServerConfig("127.0.0.1", 0, 0, 0, 0),
                TestServers.freshDatabase().config(), keysRequired);
        key = service.storage().keys(AccessPolicy.AUTO).create("default", "ui-test").token();
        UiTelemetry.send("http://127.0.0.1:" + service.ports().otlpHttp(), key);
        UiTelemetry.assertStored(service.apiUrl(), key);
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
    void a_401_asks_for_a_key_a_wrong_key_is_refused_and_the_right_one_is_kept_in_session_storage_only() {
        browser.open(service.apiUrl() + "/#/traces?from=-1h");

        browser.one(DIALOG);
        assertThat(browser.script("return document.activeElement.id")).isEqualTo("key-input");
        browser.screenshot("key-prompt");

        browser.one("#key-input").sendKeys("obs_not_a_key", Keys.ENTER);
        String reason = browser.await("the prompt again, saying why",
                d -> browser.all(DIALOG).isEmpty() ? null : browser.one("#key-reason").getText());
        assertThat(reason).contains("not valid");
        assertThat(browser.script(STORED_KEY)).isNull();

        browser.one("#key-input").sendKeys(key, Keys.ENTER);

        List<WebElement> rows = browser.awaitCount("#view table.data tbody tr[data-trace-id]", UiTelemetry.ROOTS.size());
        assertThat(rows.get(1).getText()).contains(UiTelemetry.FOLLOW_UP_ROOT);
        assertThat(browser.all(DIALOG)).isEmpty();
        assertThat(browser.script(STORED_KEY)).isEqualTo(key);
        assertThat(browser.script("return localStorage.length")).isEqualTo(0L);
        assertThat(browser.script("return document.cookie")).isEqualTo("");
        assertThat(browser.driver().getCurrentUrl()).doesNotContain(key);

        // Another view reuses the key without asking.
        browser.one("a[data-nav=usage]").click();
        browser.awaitCount(".chart[data-points]", 5);
        assertThat(browser.all(DIALOG)).isEmpty();

        // Forgetting the key brings the prompt back; cancelling it leaves a readable message and a way back.
        WebElement forget = browser.one("#forget-key");
        assertThat(forget.isDisplayed()).isTrue();
        forget.click();
        browser.one(DIALOG);
        assertThat(browser.script(STORED_KEY)).isNull();
        browser.one("#key-cancel").click();
        WebElement notice = browser.one("#view .notice.error[role=alert]");
        assertThat(notice.getText()).contains("An API key is needed", "Enter API key");
        notice.findElement(org.openqa.selenium.By.tagName("button")).click();
        browser.one(DIALOG);

        // The browser logs the refused requests themselves (401), and nothing else.
        List<LogEntry> severe = browser.consoleEntries().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(severe).allSatisfy(e -> assertThat(e.getMessage()).contains("401 (Unauthorized)"));
    }
}
