package org.llmobservatory.storage.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.StorageObservers;
import org.llmobservatory.storage.auth.AccessPolicy;
import org.llmobservatory.storage.auth.ApiKeys;
import org.llmobservatory.storage.cost.PriceCatalog;
import org.llmobservatory.storage.error.ErrorType;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.replica.ReadObserver;
import org.llmobservatory.storage.rollup.RollupObserver;
import org.llmobservatory.storage.schema.PartitionManager;
import org.llmobservatory.storage.schema.TelemetryTable;
import org.llmobservatory.storage.support.Eventually;
import org.llmobservatory.storage.support.RecordingQueryObserver;
import org.llmobservatory.storage.support.TestServers;
import org.llmobservatory.storage.writer.WriteObserver;

/** Every statement of the storage, not only the API's reads, reaches the query observer under its part. */
class StatementsObservedTest {

    @Test
    void keys_prices_and_partitions_are_heard_under_their_part_of_the_storage() throws SQLException {
        RecordingQueryObserver heard = new RecordingQueryObserver();
        StorageObservers observers = new StorageObservers(null, null, WriteObserver.NONE, heard, RollupObserver.NONE,
                ReadObserver.NONE);
        try (Storage storage = Storage.open(TestServers.freshDatabase().config(), observers)) {
            ApiKeys keys = storage.keys(AccessPolicy.AUTO);
            String token = keys.create("shop", "checkout").token();
            assertThat(keys.authenticate(token)).isPresent();
            assertThat(keys.list()).hasSize(1);
            Eventually.await(Duration.ofSeconds(30), "the table sizes read once",
                    () -> heard.completed.stream().anyMatch(c -> c.method().equals("table_sizes")));

            assertThat(heard.completed).extracting(RecordingQueryObserver.Completed::repository,
                    RecordingQueryObserver.Completed::method).contains(
                            tuple(RepositoryKind.COST, "seed_prices"),
                            tuple(RepositoryKind.COST, "read_prices"),
                            tuple(RepositoryKind.SCHEMA, "create_partition"),
                            tuple(RepositoryKind.SCHEMA, "table_sizes"),
                            tuple(RepositoryKind.AUTH, "create_key"),
                            tuple(RepositoryKind.AUTH, "authenticate"),
                            tuple(RepositoryKind.AUTH, "list_keys"));
            assertThat(heard.completed).filteredOn(c -> c.method().equals("authenticate"))
                    .extracting(RecordingQueryObserver.Completed::resultCount).containsExactly(1);
            assertThat(heard.completed).filteredOn(c -> c.method().equals("read_prices"))
                    .allSatisfy(c -> assertThat(c.resultCount()).isPositive());
            assertThat(heard.failed).isEmpty();
        }
    }

    @Test
    void a_failing_statement_keeps_its_exception_and_the_observer_hears_why() {
        RecordingQueryObserver heard = new RecordingQueryObserver();
        // A database without the schema: every statement on a table fails with "relation does not exist".
        try (StoragePool unmigrated = TestServers.freshDatabase().pool(2)) {
            ApiKeys keys = new ApiKeys(unmigrated.dataSource(), Duration.ZERO, AccessPolicy.AUTO, heard);
            PriceCatalog prices = new PriceCatalog(unmigrated.dataSource(), Duration.ofMinutes(1), heard);
            PartitionManager partitions = new PartitionManager(unmigrated.dataSource(), heard);

            assertThatThrownBy(() -> keys.authenticate("obs_0123456789ab_" + "0".repeat(48)))
                    .isInstanceOf(SQLException.class).hasMessageContaining("api_keys");
            assertThatThrownBy(prices::refresh).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("model_prices");
            assertThatThrownBy(() -> partitions.ensure(TelemetryTable.SPANS, LocalDate.of(2031, 4, 7)))
                    .isInstanceOf(SQLException.class).hasMessageContaining("spans");
        }

        assertThat(heard.completed).isEmpty();
        assertThat(heard.failed).extracting(RecordingQueryObserver.Failed::repository,
                RecordingQueryObserver.Failed::method, RecordingQueryObserver.Failed::error).containsExactly(
                        tuple(RepositoryKind.AUTH, "read_access_mode", ErrorType.SYNTAX),
                        tuple(RepositoryKind.AUTH, "authenticate", ErrorType.SYNTAX),
                        tuple(RepositoryKind.COST, "read_prices", ErrorType.SYNTAX),
                        tuple(RepositoryKind.SCHEMA, "create_partition", ErrorType.SYNTAX));
    }
}
