package org.llmobservatory.storage.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Class 53 is split: a full disk is named apart from memory and connections, since its remedy differs. */
class SqlErrorsTest {

    @ParameterizedTest
    @CsvSource({
            "53100, DISK_FULL",
            "53200, RESOURCES",
            "53300, RESOURCES",
            "53400, RESOURCES",
            "57014, TIMEOUT",
            "57P01, SHUTDOWN",
            "08006, CONNECTION"})
    void the_sql_state_decides_the_error_type(String state, ErrorType expected) {
        assertThat(SqlErrors.classify(new SQLException("could not extend file", state))).isEqualTo(expected);
        assertThat(expected.transientFailure()).isTrue();
    }
}
