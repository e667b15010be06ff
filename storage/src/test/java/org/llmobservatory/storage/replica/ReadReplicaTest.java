package org.llmobservatory.storage.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.StorageObservers;
import org.llmobservatory.storage.config.DatabaseUrl;
import org.llmobservatory.storage.config.ReadReplica;
import org.llmobservatory.storage.config.RedisTarget;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.embedded.EmbeddedDatabase;
import org.llmobservatory.storage.health.Health;
import org.llmobservatory.storage.health.HealthStatus;
import org.llmobservatory.storage.query.QueryObserver;
import org.llmobservatory.storage.repository.SpanQuery;
import org.llmobservatory.storage.repository.TimeRange;
import org.llmobservatory.storage.rollup.RollupObserver;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.SampleTelemetry;
import org.llmobservatory.storage.support.StreamingReplicaExtension;
import org.llmobservatory.storage.support.TestServers;
import org.llmobservatory.storage.writer.WriteObserver;

/**
 * Query reads on a real PostgreSQL streaming replica: a primary of their own and a hot standby made from its base
 * backup, streaming its WAL. Each test uses its own project, and leaves the standby running and replaying.
 */
class ReadReplicaTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final StreamingReplicaExtension servers = new StreamingReplicaExtension("replica");

    @Test
    void reads_come_from_the_replica_and_see_what_it_has_replayed() throws Exception {
        Heard heard = new Heard();
        try (Storage storage = open(Duration.ofMinutes(5), heard)) {
            write(storage, "replica-reads", 10);
            servers.replica().awaitCaughtUp(WAIT);
            awaitReadsFrom(storage, ReadTarget.REPLICA);
            assertThat(visibleSpans(storage, "replica-reads")).isEqualTo(10);
            assertThat(heard.reads(ReadTarget.REPLICA)).isPositive();

            // With replay paused the replica keeps its older data (its lag is within five minutes): the service reads
            // what the replica holds, not what the primary holds.
            servers.replica().pauseReplay();
            try {
                write(storage, "replica-reads", 5);
                assertThat(countOnPrimary("replica-reads")).isEqualTo(15);
                assertThat(visibleSpans(storage, "replica-reads")).isEqualTo(10);
            } finally {
                servers.replica().resumeReplay();
            }
            servers.replica().awaitCaughtUp(WAIT);
            assertThat(visibleSpans(storage, "replica-reads")).isEqualTo(15);

            Health health = storage.healthCheck(Duration.ofSeconds(5)).check();
            assertThat(health.status()).isEqualTo(HealthStatus.UP);
            assertThat(health.components().get("replica").status()).isEqualTo(HealthStatus.UP);
            assertThat(health.components().get("replica").details())
                    .containsEntry("readsFrom", "replica").containsEntry("standby", true)
                    .containsEntry("maxLagSeconds", 300.0);
            assertThat(heard.fallbacks).isEmpty();
            assertThat(heard.status.get().standby()).isTrue();
            assertThat(heard.status.get().reachable()).isTrue();
        }
    }

    @Test
    void a_replica_lagging_past_the_limit_sends_reads_to_the_primary_until_it_catches_up() throws Exception {
        Heard heard = new Heard();
        try (Storage storage = open(Duration.ofMillis(500), heard)) {
            awaitReadsFrom(storage, ReadTarget.REPLICA);
            servers.replica().pauseReplay();
            try {
                write(storage, "replica-lag", 5);
                awaitReadsFrom(storage, ReadTarget.PRIMARY);
                assertThat(visibleSpans(storage, "replica-lag")).isEqualTo(5);
                assertThat(heard.reads(ReadTarget.PRIMARY)).isPositive();
                assertThat(heard.fallbacks).containsExactly(FallbackReason.LAGGING);

                Health health = storage.healthCheck(Duration.ofSeconds(5)).check();
                assertThat(health.status()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(health.httpStatus()).isEqualTo(200);
                assertThat(health.components().get("replica").status()).isEqualTo(HealthStatus.DOWN);
                assertThat(health.components().get("replica").details())
                        .containsEntry("readsFrom", "primary").containsEntry("fallback", "lagging");
                assertThat((double) health.components().get("replica").details().get("lagSeconds"))
                        .isGreaterThan(0.5);
            } finally {
                servers.replica().resumeReplay();
            }
            awaitReadsFrom(storage, ReadTarget.REPLICA);
            long before = heard.reads(ReadTarget.REPLICA);
            assertThat(visibleSpans(storage, "replica-lag")).isEqualTo(5);
            assertThat(heard.reads(ReadTarget.REPLICA)).isGreaterThan(before);
        }
    }

    @Test
    void a_replica_stopped_and_started_again_under_query_load_fails_no_query() throws Exception {
        Heard heard = new Heard();
        try (Storage storage = open(Duration.ofMinutes(5), heard)) {
            write(storage, "replica-load", 20);
            servers.replica().awaitCaughtUp(WAIT);
            awaitReadsFrom(storage, ReadTarget.REPLICA);

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong answered = new AtomicLong();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ExecutorService readers = Executors.newFixedThreadPool(4);
            for (int i = 0; i < 4; i++) {
                readers.submit(() -> {
                    while (running.get() && failures.size() < 10) {
                        try {
                            int seen = visibleSpans(storage, "replica-load");
                            if (seen != 20) {
                                failures.add("saw " + seen + " spans, not 20");
                            }
                            answered.incrementAndGet();
                        } catch (RuntimeException e) {
                            failures.add(e.toString());
                        }
                    }
                });
            }
            try {
                awaitMoreAnswers(answered, 20);
                servers.replica().standby().stop();
                awaitReadsFrom(storage, ReadTarget.PRIMARY);
                awaitMoreAnswers(answered, 20);
                // /health names what failed: the stopped server refusing connections, not the pool's wait for one.
                String refused = ":" + servers.replica().standby().port() + " refused";
                Eventually.await(WAIT, "/health to say the replica refuses connections", () -> String.valueOf(
                        storage.healthCheck(Duration.ofSeconds(5)).check().components().get("replica").details()
                                .get("error")).contains(refused));

                servers.replica().standby().restart();
                awaitReadsFrom(storage, ReadTarget.REPLICA);
                long onReplica = heard.reads(ReadTarget.REPLICA);
                Eventually.await(WAIT, "reads on the restarted replica",
                        () -> heard.reads(ReadTarget.REPLICA) > onReplica + 20);
            } finally {
                running.set(false);
                readers.shutdown();
                assertThat(readers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            }
            System.out.printf("[fault] read replica stopped and started again under 4 readers: %d queries answered,"
                    + " %d failed; reads on the replica %d, on the primary %d; fallbacks %s%n", answered.get(),
                    failures.size(), heard.reads(ReadTarget.REPLICA), heard.reads(ReadTarget.PRIMARY), heard.fallbacks);
            assertThat(failures).isEmpty();
            assertThat(heard.fallbacks).contains(FallbackReason.UNREACHABLE);
            assertThat(heard.reads(ReadTarget.PRIMARY)).isPositive();
        }
    }

    private static Storage open(Duration maxLag, Heard heard) {
        StorageConfig config = StorageConfig.builder()
                .database(DatabaseUrl.parse(servers.primary().jdbcUrl()))
                .user(EmbeddedDatabase.USER)
                .password(servers.primary().password())
                .redis(new RedisTarget.Disabled())
                .dataDir(TestServers.work())
                .readReplica(ReadReplica.at(DatabaseUrl.parse(servers.replica().standby().jdbcUrl()))
                        .withMaxLag(maxLag))
                .build();
        return Storage.open(config, new StorageObservers(null, null, WriteObserver.NONE, QueryObserver.NONE,
                RollupObserver.NONE, heard));
    }

    private static void write(Storage storage, String project, int spans) throws Exception {
        var outcome = storage.traces().writeAll(SampleTelemetry.llmSpans(project, spans, Instant.now()))
                .get(60, TimeUnit.SECONDS);
        assertThat(outcome.allCommitted()).isTrue();
    }

    private static int visibleSpans(Storage storage, String project) {
        Instant now = Instant.now();
        TimeRange window = TimeRange.of(now.minus(1, ChronoUnit.HOURS), now.plus(1, ChronoUnit.HOURS));
        return storage.traceRepository().searchSpans(SpanQuery.builder(project, window).limit(1000).build())
                .items().size();
    }

    private static long countOnPrimary(String project) throws SQLException {
        try (Connection c = servers.connectToPrimary();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM spans WHERE project_id = ?")) {
            ps.setString(1, project);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void awaitReadsFrom(Storage storage, ReadTarget target) {
        Eventually.await(WAIT, "reads to go to the " + target.label(), () -> storage.reads().readsFrom() == target);
    }

    private static void awaitMoreAnswers(AtomicLong answered, int more) {
        long now = answered.get();
        Eventually.await(WAIT, more + " more answered queries", () -> answered.get() >= now + more);
    }

    /** What the storage told about its reads. */
    private static final class Heard implements ReadObserver {
        final Map<ReadTarget, AtomicInteger> reads = new ConcurrentHashMap<>();
        final List<FallbackReason> fallbacks = new CopyOnWriteArrayList<>();
        volatile Supplier<ReplicaStatus> status;

        @Override
        public void read(ReadTarget target) {
            reads.computeIfAbsent(target, t -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void fellBack(FallbackReason reason) {
            fallbacks.add(reason);
        }

        @Override
        public void replicaWatched(Supplier<ReplicaStatus> watched) {
            status = watched;
        }

        long reads(ReadTarget target) {
            AtomicInteger n = reads.get(target);
            return n == null ? 0 : n.get();
        }
    }
}
