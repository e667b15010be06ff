package org.llmobservatory.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.storage.auth.ApiKeys;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;
import org.slf4j.LoggerFactory;

/** At start-up the service says in one line whether it is open, under which project, and where. */
class AccessNoticeTest {

    @Test
    void an_open_service_on_loopback_says_so_with_its_project_and_address() {
        List<ILoggingEvent> lines = access(() -> ObservatoryService.start(ServerConfig.ephemeral(),
                TestServers.freshDatabase().config()));

        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.INFO);
            assertThat(line.getFormattedMessage()).contains("OPEN", "no API keys", "'default'", "127.0.0.1");
        });
    }

    @Test
    void an_open_service_on_every_interface_warns() {
        List<ILoggingEvent> lines = access(() -> ObservatoryService.start(new ServerConfig("0.0.0.0", 0, 0, 0, 0),
                TestServers.freshDatabase().config()));

        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getFormattedMessage()).contains("OPEN TO THE NETWORK", "0.0.0.0", "'default'");
        });
    }

    @Test
    void a_service_with_keys_says_they_are_required() throws Exception {
        TestDatabase db = TestServers.freshDatabase();
        try (var pool = db.migratedPool()) {
            new ApiKeys(pool.dataSource()).create("shop", "checkout");
        }

        List<ILoggingEvent> lines = access(() -> ObservatoryService.start(new ServerConfig("0.0.0.0", 0, 0, 0, 0),
                db.config()));

        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.INFO);
            assertThat(line.getFormattedMessage()).contains("API keys required").doesNotContain("OPEN");
        });
    }

    private static List<ILoggingEvent> access(Supplier<ObservatoryService> start) {
        Logger logger = (Logger) LoggerFactory.getLogger(ObservatoryService.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        ObservatoryService service = null;
        try {
            service = start.get();
        } finally {
            logger.detachAppender(appender);
            if (service != null) {
                service.stop();
            }
        }
        return appender.list.stream().filter(e -> e.getFormattedMessage().startsWith("access:")).toList();
    }
}
