package org.llmobservatory.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.llmobservatory.storage.repository.TimeRange;

/** The small parsers behind the routes, without a server: times, durations, severities, windows. */
class ParametersTest {

    private static final Instant NOW = Instant.parse("2031-05-07T12:00:00Z");
    private static final TimeWindows WINDOWS = new TimeWindows(Clock.fixed(NOW, ZoneOffset.UTC));

    private static Params params(String... pairs) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.computeIfAbsent(pairs[i], k -> new ArrayList<>()).add(pairs[i + 1]);
        }
        return new Params(values, List.of("from", "to", "step", "n", "text"));
    }

    @ParameterizedTest
    @CsvSource({
            "2031-05-07T10:00:00Z, 2031-05-07T10:00:00Z",
            "2031-05-07T10:00:00.123456Z, 2031-05-07T10:00:00.123456Z",
            "2031-05-07T12:00:00+02:00, 2031-05-07T10:00:00Z",
            "'2031-05-07T12:00:00 02:00', 2031-05-07T10:00:00Z",
            "2031-05-07T05:00:00-05:00, 2031-05-07T10:00:00Z"})
    void instants_are_iso_8601_in_utc_or_with_an_offset(String text, Instant expected) {
        assertThat(params("from", text).instant("from")).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"PT1M, 60", "pt5m, 300", "60s, 60", "60, 60", "5m, 300", "1h, 3600", "1d, 86400", "P1D, 86400",
            "1500ms, 1.5"})
    void durations_are_iso_8601_or_a_number_with_a_unit(String text, double seconds) {
        assertThat(params("step", text).duration("step")).isEqualTo(Duration.ofMillis((long) (seconds * 1000)));
    }

    @ParameterizedTest
    @CsvSource({"TRACE, 1", "debug, 5", "INFO, 9", "WARN, 13", "warning, 13", "ERROR, 17", "ERROR2, 18",
            "error4, 20", "FATAL, 21", "0, 0", "17, 17", "24, 24"})
    void severities_are_otel_numbers_or_names(String text, int number) {
        assertThat(Severities.parse("minSeverity", text)).isEqualTo(number);
    }

    @ParameterizedTest
    @ValueSource(strings = {"25", "LOUD", "ERROR5", "-1", "1.5"})
    void other_severities_are_refused(String text) {
        assertThatThrownBy(() -> Severities.parse("minSeverity", text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minSeverity").hasMessageContaining(text);
    }

    @Test
    void the_window_defaults_to_the_hour_before_now_or_before_to() {
        assertThat(WINDOWS.window(params())).isEqualTo(TimeRange.of(NOW.minusSeconds(3600), NOW));
        assertThat(WINDOWS.window(params("to", "2031-05-07T10:00:00Z")))
                .isEqualTo(TimeRange.of(Instant.parse("2031-05-07T09:00:00Z"), Instant.parse("2031-05-07T10:00:00Z")));
        assertThat(WINDOWS.window(params("from", "2031-05-07T00:00:00Z")))
                .isEqualTo(TimeRange.of(Instant.parse("2031-05-07T00:00:00Z"), NOW));
        assertThat(WINDOWS.hint(params())).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "-1h, now, 2031-05-07T11:00:00Z, 2031-05-07T12:00:00Z",
            "-7d, , 2031-04-30T12:00:00Z, 2031-05-07T12:00:00Z",
            "-PT30M, -10m, 2031-05-07T11:30:00Z, 2031-05-07T11:50:00Z",
            "2031-05-01, 2031-05-01, 2031-05-01T00:00:00Z, 2031-05-02T00:00:00Z",
            "2031-05-01, 2031-05-03T06:00:00Z, 2031-05-01T00:00:00Z, 2031-05-03T06:00:00Z",
            "NOW, , 2031-05-07T12:00:00Z, 2031-05-07T12:00:00Z"})
    void a_bound_may_be_a_day_now_or_a_time_before_now_and_a_day_as_end_includes_it(String from, String to,
            Instant start, Instant end) {
        Params given = to == null ? params("from", from) : params("from", from, "to", to);
        if (start.equals(end)) {
            assertThatThrownBy(() -> WINDOWS.window(given)).isInstanceOf(IllegalArgumentException.class);
            return;
        }
        assertThat(WINDOWS.window(given)).isEqualTo(TimeRange.of(start, end));
    }

    @ParameterizedTest
    @CsvSource({
            "-yesterday, 'from must be a time before now such as -1h, -30m or -7d'",
            "2031-02-30, 'from must be a real day such as 2031-04-01'",
            "last week, 'from must be an ISO-8601 instant such as 2031-04-01T10:00:00Z, a day such as 2031-04-01,'"})
    void a_bound_that_is_none_of_these_is_refused_saying_what_would_do(String from, String message) {
        assertThatThrownBy(() -> WINDOWS.window(params("from", from))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void a_default_end_is_rounded_up_to_the_next_ten_seconds_so_repeated_requests_share_a_cache_entry() {
        Instant later = Instant.parse("2031-05-07T12:00:10Z");
        for (Instant now : List.of(NOW.plusNanos(1), NOW.plusMillis(4_500), later)) {
            TimeWindows windows = new TimeWindows(Clock.fixed(now, ZoneOffset.UTC));

            assertThat(windows.window(params())).as(now.toString())
                    .isEqualTo(TimeRange.of(later.minusSeconds(3600), later));
        }
    }

    @Test
    void blank_values_are_absent_and_text_keeps_its_spaces() {
        assertThat(params("n", " ").integer("n")).isNull();
        assertThat(params("text", " a ").literal("text")).isEqualTo(" a ");
        assertThat(params("text", " a ").text("text")).isEqualTo("a");
    }

    @Test
    void bad_values_name_the_parameter() {
        assertThatThrownBy(() -> params("n", "1e3x").integer("n")).hasMessageContaining("n must be a whole number");
        assertThatThrownBy(() -> params("n", "NaN").number("n")).hasMessageContaining("n must be a number");
        assertThatThrownBy(() -> params("step", "soon").duration("step")).hasMessageContaining("step must be");
        assertThatThrownBy(() -> params("from", "2031-05-07").instant("from")).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> params("x", "1")).hasMessageContaining("unknown parameter x")
                .hasMessageContaining("from, to, step, n, text");
    }

    @Test
    void the_default_series_step_gives_about_sixty_buckets_of_whole_seconds() {
        assertThat(AggregateQueries.defaultStep(TimeRange.of(NOW, NOW.plusSeconds(3600))))
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(AggregateQueries.defaultStep(TimeRange.of(NOW, NOW.plusSeconds(10))))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(AggregateQueries.defaultStep(TimeRange.of(NOW, NOW.plusSeconds(86_400))))
                .isEqualTo(Duration.ofMinutes(24));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5000-01-01T00:00:00Z", "+300000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z",
            "+1000000000-12-31T23:59:59Z"})
    void instants_outside_the_years_0000_to_9999_are_refused_before_postgresql_sees_them(String text) {
        assertThatThrownBy(() -> WINDOWS.window(params("to", text)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between the years 0000 and 9999");
    }

    @Test
    void a_nul_character_in_a_filter_is_refused_by_name() {
        assertThatThrownBy(() -> params("text", "a\u0000b").literal("text"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("text").hasMessageContaining("NUL");
        assertThatThrownBy(() -> params("n", "a\u0000b").text("n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
    }

    @ParameterizedTest
    @CsvSource({"0.05, 0.05", "1e-999999999, 1E-10", "0.00000000001, 1E-10", "0.000000000123, 2E-10",
            "9999999999, 9999999999"})
    void amounts_are_kept_within_what_a_cost_column_can_hold(String text, java.math.BigDecimal expected) {
        assertThat(params("n", text).amount("n")).isEqualByComparingTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e999999999", "10000000000"})
    void amounts_of_10_to_the_10_or_more_are_refused(String text) {
        assertThatThrownBy(() -> params("n", text).amount("n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("below 10^10");
    }
}
