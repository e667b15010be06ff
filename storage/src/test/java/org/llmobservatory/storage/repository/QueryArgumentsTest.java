package org.llmobservatory.storage.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.llmobservatory.storage.model.StatusCode;

/** Invalid arguments are refused before any query runs, with messages a user can act on. */
class QueryArgumentsTest {

    private static final Instant T = Instant.parse("2031-04-07T10:00:00Z");
    private static final TimeRange WINDOW = TimeRange.of(T, T.plusSeconds(60));

    @Test
    void an_inverted_or_empty_time_range_is_refused() {
        assertThatThrownBy(() -> TimeRange.of(T.plusSeconds(1), T)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be before");
        assertThatThrownBy(() -> TimeRange.of(T, T)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimeRange.of(null, T)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TraceQuery.builder("p", null).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("time range");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 1001})
    void a_limit_outside_1_to_1000_is_refused(int limit) {
        assertThatThrownBy(() -> TraceQuery.builder("p", WINDOW).limit(limit).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be between 1 and 1000, got " + limit);
        assertThatThrownBy(() -> SpanQuery.builder("p", WINDOW).limit(limit).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LogQuery.of("p", WINDOW).withLimit(limit))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void limits_of_1_and_1000_are_accepted() {
        assertThat(TraceQuery.builder("p", WINDOW).limit(1).build().limit()).isEqualTo(1);
        assertThat(SpanQuery.builder("p", WINDOW).limit(1000).build().limit()).isEqualTo(1000);
    }

    @Test
    void every_query_needs_a_project() {
        assertThatThrownBy(() -> TraceQuery.builder("", WINDOW).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("projectId is required");
        assertThatThrownBy(() -> SpanQuery.builder(null, WINDOW).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LogQuery.of(" ", WINDOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UsageQuery.of("", WINDOW, UsageDimension.MODEL))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "!!!not base64!!!", "AAAA", "eyJ0cmFjZSI6IjEyMyJ9"})
    void a_garbled_cursor_is_refused(String cursor) {
        assertThatThrownBy(() -> TraceQuery.builder("p", WINDOW).cursor(cursor).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("invalid cursor");
    }

    @Test
    void a_tampered_or_truncated_cursor_is_refused() {
        String good = new Cursor(T, "4bf92f3577b34da6a3ce929d0e0e4736").encode(Cursor.Listing.TRACES, 0);
        char[] chars = good.toCharArray();
        chars[6] = chars[6] == 'A' ? 'B' : 'A';
        String tampered = new String(chars);

        assertThat(TraceQuery.builder("p", WINDOW).cursor(good).build().cursor()).isEqualTo(good);
        assertThatThrownBy(() -> TraceQuery.builder("p", WINDOW).cursor(tampered).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("invalid cursor");
        assertThatThrownBy(() -> TraceQuery.builder("p", WINDOW).cursor(good.substring(0, good.length() - 3)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("invalid cursor");
    }

    @Test
    void a_cursor_with_a_valid_checksum_around_values_postgresql_refuses_is_refused() {
        // The checksum only catches accidents; a hand-made token can carry a year 300000 or a NUL.
        for (Cursor forged : java.util.List.of(new Cursor(java.time.Instant.parse("+300000-01-01T00:00:00Z"), "a"),
                new Cursor(java.time.Instant.parse("-5000-01-01T00:00:00Z"), "a"), new Cursor(T, "a\u0000b"),
                new Cursor(T, "a", "b\u0000"))) {
            assertThatThrownBy(() -> TraceQuery.builder("p", WINDOW).cursor(forged.encode(Cursor.Listing.TRACES, 0))
                    .build()).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("invalid cursor");
        }
    }

    @Test
    void a_cursor_of_one_listing_is_refused_by_another() {
        String traceCursor = new Cursor(T, "4bf92f3577b34da6a3ce929d0e0e4736").encode(Cursor.Listing.TRACES, 0);

        assertThatThrownBy(() -> SpanQuery.builder("p", WINDOW).cursor(traceCursor).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("invalid cursor");
    }

    @Test
    void a_cursor_is_refused_with_other_filters_than_its_page_but_not_with_another_window_or_limit() {
        TraceQuery page = TraceQuery.builder("p", WINDOW).model("gpt-4o").minCostUsd(new BigDecimal("0.05")).build();
        String cursor = new Cursor(T, "4bf92f3577b34da6a3ce929d0e0e4736").encode(Cursor.Listing.TRACES, page.filters());
        TimeRange later = TimeRange.of(T.plusSeconds(30), T.plusSeconds(90));

        assertThat(TraceListing.statement(TraceQuery.builder("p", later).model("gpt-4o")
                .minCostUsd(new BigDecimal("0.050")).limit(10).cursor(cursor).build())).isNotNull();
        for (TraceQuery other : java.util.List.of(
                TraceQuery.builder("p", WINDOW).model("claude").minCostUsd(new BigDecimal("0.05")).cursor(cursor).build(),
                TraceQuery.builder("p", WINDOW).model("gpt-4o").cursor(cursor).build(),
                TraceQuery.builder("q", WINDOW).model("gpt-4o").minCostUsd(new BigDecimal("0.05")).cursor(cursor)
                        .build())) {
            assertThatThrownBy(() -> TraceListing.statement(other)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("other filters");
        }
    }

    @Test
    void a_log_cursor_is_refused_with_other_filters_than_its_page() {
        LogQuery page = LogQuery.of("p", WINDOW).withServiceName("checkout");
        String cursor = new Cursor(T, "0f8fad5b-d9cb-469f-a165-70867728950e").encode(Cursor.Listing.LOGS,
                page.filters());

        assertThat(LogRepository.statement(page.withCursor(cursor))).isNotNull();
        assertThatThrownBy(() -> LogRepository.statement(LogQuery.of("p", WINDOW).withServiceName("billing")
                .withCursor(cursor))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other filters");
    }

    @Test
    void a_cursor_round_trips_its_position_exactly() {
        Cursor position = new Cursor(Instant.parse("2031-04-07T10:00:00.123456Z"), "trace/ü", "span\n1");

        assertThat(Cursor.decode(Cursor.Listing.SPANS, position.encode(Cursor.Listing.SPANS, 0))).isEqualTo(position);
    }

    @Test
    void negative_minimums_and_an_unset_trace_status_are_refused() {
        assertThatThrownBy(() -> TraceQuery.builder("p", WINDOW).minDurationMs(-1.0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minDurationMs");
        assertThatThrownBy(() -> SpanQuery.builder("p", WINDOW).minCostUsd(new BigDecimal("-0.01")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minCostUsd");
        assertThatThrownBy(() -> TraceQuery.builder("p", WINDOW).status(StatusCode.UNSET).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ok");
        assertThatThrownBy(() -> StatusCode.fromDb("broken")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void blank_filters_mean_no_filter() {
        TraceQuery q = TraceQuery.builder("p", WINDOW).serviceName(" ").model("").cursor("").build();

        assertThat(q.filter().serviceName()).isNull();
        assertThat(q.filter().model()).isNull();
        assertThat(q.cursor()).isNull();
    }
}
