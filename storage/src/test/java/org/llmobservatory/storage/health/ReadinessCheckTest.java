package org.llmobservatory.storage.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.health.Readiness;
import org.llmobservatory.storage.health.ReadinessCheck;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.schema.Migrations;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

class ReadinessCheckTest {

    @Test
    void a_hung_database_fails_the_check_within_its_deadline_instead_of_hanging_it() throws Exception {
        // Accepts TCP connections and never answers: a database that hangs.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/postgres";
            ReadinessCheck check = new ReadinessCheck(() -> DriverManager.getConnection(url, "postgres", ""),
                    () -> true, () -> false, Duration.ofMillis(500));

            // A check that ignored its deadline would wait on the silent socket for ever. Twenty times the
            // deadline tells that apart from a slow answer on a loaded two-core machine; the detail below
            // says the 500 ms deadline, not a slower failure, ended the check.
            Readiness readiness = CompletableFuture.supplyAsync(check::check).get(10, TimeUnit.SECONDS);

            assertThat(readiness.ready()).isFalse();
            assertThat(readiness.failed()).containsExactly("postgres");
            assertThat(readiness.checks().get("postgres").detail()).isEqualTo("no answer within 500 ms");
        }
    }

    @Test
    void pending_migrations_make_the_service_not_ready() {
        TestDatabase db = TestServers.freshDatabase();
        try (StoragePool pool = db.pool(2)) {
            ReadinessCheck check = new ReadinessCheck(pool::connection, new Migrations(pool.dataSource())::current,
                    () -> false, ReadinessCheck.TIMEOUT);

            Readiness readiness = check.check();

            assertThat(readiness.failed()).containsExactly("migrations");
            assertThat(readiness.checks().get("postgres").up()).isTrue();
        }
    }
}
