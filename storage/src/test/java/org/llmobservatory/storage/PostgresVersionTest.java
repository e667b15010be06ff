package org.llmobservatory.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.support.TestServers;

/**
 * Which PostgreSQL the tests really run on. The Maven profiles {@code postgres-14}, {@code -15} and {@code -16} swap
 * the server's binaries and set {@code observatory.expected-postgres-major}: without this check, a profile that
 * failed to swap them would prove the newest major once more and claim the older one. Whatever the run, the server
 * must be one the README says is supported.
 */
class PostgresVersionTest {

    /** The supported majors, as the README states them; a new one needs its profile and a line in the matrix. */
    static final int OLDEST_SUPPORTED = 14;
    static final int NEWEST_SUPPORTED = 17;

    @Test
    void the_server_is_of_the_major_version_asked_for_and_a_supported_one() {
        long versionNumber = TestServers.freshDatabase().count("SELECT current_setting('server_version_num')::int");
        int major = (int) (versionNumber / 10_000);

        String expected = System.getProperty("observatory.expected-postgres-major", "").strip();
        if (!expected.isEmpty()) {
            assertThat(major).as("the major of the server running (server_version_num %d), against the profile's",
                    versionNumber).isEqualTo(Integer.parseInt(expected));
        }
        assertThat(major).as("server_version_num %d: a major the README lists as supported", versionNumber)
                .isBetween(OLDEST_SUPPORTED, NEWEST_SUPPORTED);
    }
}
