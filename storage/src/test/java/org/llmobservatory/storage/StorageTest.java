package org.llmobservatory.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.config.DatabaseUrl;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.pool.DatabaseUnavailableException;
import org.llmobservatory.storage.support.SampleTelemetry;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;
import org.llmobservatory.storage.writer.WriteOutcome;

class StorageTest {

    @Test
    void the_library_starts_no_server_and_says_what_to_configure_instead() {
        StorageConfig noDatabase = StorageConfig.builder().dataDir(TestServers.work()).build();
        assertThatThrownBy(() -> Storage.open(noDatabase))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no database configured").hasMessageContaining("EmbeddedDatabase");

        StorageConfig embeddedRedis = TestServers.freshDatabase().config().withRedis(new RedisTarget.Embedded());
        assertThatThrownBy(() -> Storage.open(embeddedRedis))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EmbeddedCache");
    }

    @Test
    void closing_storage_commits_what_the_writers_still_hold() throws Exception {
        TestDatabase db = TestServers.freshDatabase();
        StorageConfig config = db.config().withWriter(db.config().writer().withFlushInterval(Duration.ofHours(1)));
        CompletableFuture<WriteOutcome> pending;
        try (Storage storage = Storage.open(config)) {
            pending = storage.traces().writeAll(SampleTelemetry.llmSpans("drain", 30, Instant.now()));
            assertThat(pending).isNotDone();
        }
        assertThat(pending).isCompleted();
        assertThat(db.count("SELECT count(*) FROM spans WHERE project_id = 'drain'")).isEqualTo(30);
    }

    @Test
    void an_unreachable_database_fails_with_its_host_and_port_named() {
        StorageConfig config = StorageConfig.builder()
                .database(DatabaseUrl.parse("postgres://someone:secret@127.0.0.1:1/nowhere"))
                .redis(new RedisTarget.Disabled())
                .connectTimeout(Duration.ofSeconds(1))
                .dataDir(TestServers.work())
                .build();
        assertThatThrownBy(() -> Storage.open(config))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("127.0.0.1:1")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
    }
}
