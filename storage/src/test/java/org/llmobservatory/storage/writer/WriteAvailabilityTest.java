package org.llmobservatory.storage.writer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.config.WriteMethod;
import org.llmobservatory.storage.error.ErrorType;

/** When ingest is told the database refuses writes: what the writers' retries prove, and what ends it. */
class WriteAvailabilityTest {

    private final WriteAvailability availability = new WriteAvailability();

    @Test
    void one_lost_connection_is_not_an_outage_but_a_second_failed_attempt_is() {
        availability.retrying(WriterType.TRACE, WriteMethod.COPY, ErrorType.CONNECTION, 1, 50_000_000);
        assertThat(availability.outage()).isEmpty();

        availability.retrying(WriterType.TRACE, WriteMethod.COPY, ErrorType.CONNECTION, 2, 100_000_000);
        assertThat(availability.outage()).hasValueSatisfying(o -> {
            assertThat(o.type()).isEqualTo(ErrorType.CONNECTION);
            assertThat(o.reason()).isEqualTo("the database cannot be reached");
        });
    }

    @Test
    void a_database_out_of_memory_or_connections_is_named_as_such() {
        availability.retrying(WriterType.LOG, WriteMethod.INSERT, ErrorType.RESOURCES, 3, 1_000_000_000);
        assertThat(availability.outage()).hasValueSatisfying(
                o -> assertThat(o.reason()).isEqualTo("the database is out of memory or connections"));
    }

    @Test
    void a_database_out_of_disk_space_says_so() {
        availability.retrying(WriterType.TRACE, WriteMethod.COPY, ErrorType.DISK_FULL, 2, 1_000_000_000);
        assertThat(availability.outage()).hasValueSatisfying(o -> {
            assertThat(o.type()).isEqualTo(ErrorType.DISK_FULL);
            assertThat(o.reason()).isEqualTo("the database is out of disk space");
        });
    }

    @Test
    void a_database_lost_after_it_ran_out_of_disk_is_said_to_be_down_for_that() {
        availability.retrying(WriterType.TRACE, WriteMethod.COPY, ErrorType.DISK_FULL, 1, 30_000_000);
        availability.retrying(WriterType.TRACE, WriteMethod.COPY, ErrorType.CONNECTION, 2, 60_000_000);
        assertThat(availability.outage()).hasValueSatisfying(o -> {
            assertThat(o.type()).isEqualTo(ErrorType.DISK_FULL);
            assertThat(o.reason()).isEqualTo("the database ran out of disk space and cannot be reached");
        });

        availability.committed(WriterType.TRACE, WriteMethod.COPY, 1, 1, 0, 1_000_000);
        availability.retrying(WriterType.TRACE, WriteMethod.COPY, ErrorType.CONNECTION, 2, 60_000_000);
        assertThat(availability.outage()).hasValueSatisfying(
                o -> assertThat(o.reason()).isEqualTo("the database cannot be reached"));
    }

    @Test
    void the_next_commit_ends_an_outage() {
        availability.retrying(WriterType.TRACE, WriteMethod.COPY, ErrorType.POOL_TIMEOUT, 2, 100_000_000);
        availability.committed(WriterType.METRIC, WriteMethod.INSERT, 1, 1, 0, 1_000_000);
        assertThat(availability.outage()).isEmpty();
    }

    @Test
    void a_failure_the_database_answered_ends_an_outage_and_a_retried_deadlock_starts_none() {
        availability.retrying(WriterType.TRACE, WriteMethod.COPY, ErrorType.SHUTDOWN, 2, 100_000_000);
        availability.failed(WriterType.TRACE, WriteMethod.COPY, 10, ErrorType.DATA, 1_000_000);
        assertThat(availability.outage()).isEmpty();

        availability.retrying(WriterType.TRACE, WriteMethod.COPY, ErrorType.SERIALIZATION, 5, 100_000_000);
        assertThat(availability.outage()).isEmpty();
    }
}
