package org.llmobservatory.storage.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.config.WriterSettings;
import org.llmobservatory.storage.embedded.EmbeddedDatabase;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.schema.Migrations;
import org.llmobservatory.storage.schema.PartitionManager;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.RecordingWriteObserver;
import org.llmobservatory.storage.support.SampleTelemetry;
import org.llmobservatory.storage.support.TestServers;

/** Cuts PostgreSQL away from a busy writer and brings it back. */
class WriterRestartTest {

    @Test
    void spans_written_across_a_database_restart_are_all_stored_exactly_once() throws Exception {
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(TestServers.work().resolve("restart-pg"), 0);
                StoragePool pool = StoragePool.open(new StoragePool.Settings(pg.jdbcUrl(), EmbeddedDatabase.USER, pg.password(),
                        6, Duration.ofSeconds(30), Duration.ofSeconds(30), null))) {
            new Migrations(pool.dataSource()).apply();
            var observer = new RecordingWriteObserver();
            WriterSettings settings = WriterSettings.DEFAULTS.withBatchSize(200)
                    .withFlushInterval(Duration.ofMillis(10)).withRetryBackoffMax(Duration.ofMillis(500));
            List<CompletableFuture<WriteOutcome>> futures = new ArrayList<>();
            List<Span> sent = new ArrayList<>();
            AtomicBoolean producing = new AtomicBoolean(true);
            try (TraceWriter writer = new TraceWriter(pool, new PartitionManager(pool.dataSource()), settings,
                    observer)) {
                Instant base = Instant.now();
                Thread producer = Thread.ofVirtual().start(() -> {
                    for (int group = 0; producing.get() && group < 400; group++) {
                        List<Span> spans = SampleTelemetry.llmSpans("restart", 50, base.plusSeconds(group));
                        synchronized (futures) {
                            futures.add(writer.writeAll(spans));
                            sent.addAll(spans);
                        }
                        Thread.yield();
                    }
                });
                Eventually.await(Duration.ofSeconds(30), "first commits", () -> observer.commits.size() >= 3);
                pg.stop();
                Eventually.await(Duration.ofSeconds(60), "writer retrying", () -> observer.retries.get() >= 2);
                pg.restart();
                Eventually.await(Duration.ofSeconds(60), "commits after restart", () -> observer.commits.size() >= 10);
                producing.set(false);
                producer.join();
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            }
            assertThat(observer.retries.get()).isGreaterThanOrEqualTo(2);
            assertThat(observer.failures).isNotEmpty();
            try (var c = pool.connection(); var st = c.createStatement();
                    var rs = st.executeQuery("SELECT count(*), count(DISTINCT span_id) FROM spans")) {
                rs.next();
                assertThat(rs.getLong(1)).as("rows").isEqualTo(sent.size());
                assertThat(rs.getLong(2)).as("distinct spans").isEqualTo(sent.size());
            }
        }
    }
}
