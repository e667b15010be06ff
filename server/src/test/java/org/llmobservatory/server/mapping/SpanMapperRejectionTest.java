package org.llmobservatory.server.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmobservatory.server.mapping.SpanMapperConventionsTest.MAPPER;
import static org.llmobservatory.server.mapping.SpanMapperConventionsTest.NOW;
import static org.llmobservatory.server.mapping.SpanMapperConventionsTest.START;
import static org.llmobservatory.server.support.Otlp.bool;
import static org.llmobservatory.server.support.Otlp.id;
import static org.llmobservatory.server.support.Otlp.kv;
import static org.llmobservatory.server.support.Otlp.nanos;
import static org.llmobservatory.server.support.Otlp.span;
import static org.llmobservatory.server.support.Otlp.traces;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.values.ContentLimits;

/** Every reason a span is not stored, each named so the sender can fix it; the other spans are kept. */
class SpanMapperRejectionTest {

    private static String rejectionOf(Span.Builder span) {
        MappedSpans mapped = MAPPER.map("p1", traces(span));
        assertThat(mapped.spans()).isEmpty();
        assertThat(mapped.rejected()).hasSize(1);
        return mapped.rejected().getFirst().reason();
    }

    private static String rejectionOf(KeyValue... attributes) {
        return rejectionOf(span(START, attributes));
    }

    @Test
    void one_bad_span_is_rejected_alone_named_by_place_and_span_id() {
        MappedSpans mapped = MAPPER.map("p1", traces(span(START), span(START).setSpanId(id("00f067aa0ba902b7"))
                .setEndTimeUnixNano(nanos(START.minusSeconds(1))), span(START)));

        assertThat(mapped.spans()).hasSize(2);
        ItemRejection rejection = mapped.rejected().getFirst();
        assertThat(rejection.item()).isEqualTo("resourceSpans[0].scopeSpans[0].spans[1]");
        assertThat(rejection.id()).isEqualTo("span 00f067aa0ba902b7");
        assertThat(mapped.errorMessage()).isEqualTo("1 span rejected: resourceSpans[0].scopeSpans[0].spans[1]"
                + " (span 00f067aa0ba902b7): endTimeUnixNano 2026-03-01T11:58:59Z is before startTimeUnixNano"
                + " 2026-03-01T11:59:00Z");
    }

    @Test
    void the_error_message_lists_five_reasons_and_counts_the_rest() {
        Span.Builder bad = span(START).setTraceId(ByteString.EMPTY);
        MappedSpans mapped = MAPPER.map("p1", traces(bad, bad, bad, bad, bad, bad, bad));

        assertThat(mapped.errorMessage()).startsWith("7 spans rejected: ").endsWith("; and 2 more");
    }

    @Test
    void a_trace_id_that_is_missing_short_or_all_zeros_is_rejected() {
        assertThat(rejectionOf(span(START).setTraceId(ByteString.EMPTY)))
                .isEqualTo("traceId must be 16 bytes (32 hex characters), got 0 bytes");
        assertThat(rejectionOf(span(START).setTraceId(id("5b8efff798038103d269b633813fc6"))))
                .isEqualTo("traceId must be 16 bytes (32 hex characters), got 15 bytes");
        assertThat(rejectionOf(span(START).setTraceId(ByteString.copyFrom(new byte[16]))))
                .isEqualTo("traceId is all zeros, which OpenTelemetry defines as invalid");
    }

    @Test
    void a_span_id_that_is_missing_or_all_zeros_is_rejected() {
        assertThat(rejectionOf(span(START).setSpanId(ByteString.EMPTY)))
                .isEqualTo("spanId must be 8 bytes (16 hex characters), got 0 bytes");
        assertThat(rejectionOf(span(START).setSpanId(ByteString.copyFrom(new byte[8]))))
                .isEqualTo("spanId is all zeros, which OpenTelemetry defines as invalid");
    }

    @Test
    void an_empty_or_all_zero_parent_means_a_root_span_but_a_short_one_is_rejected() {
        assertThat(MAPPER.map("p1", traces(span(START).setParentSpanId(ByteString.EMPTY))).spans().getFirst()
                .isRoot()).isTrue();
        assertThat(MAPPER.map("p1", traces(span(START).setParentSpanId(ByteString.copyFrom(new byte[8])))).spans()
                .getFirst().parentSpanId()).isNull();
        assertThat(rejectionOf(span(START).setParentSpanId(id("eee19b7e"))))
                .isEqualTo("parentSpanId must be 8 bytes (16 hex characters), got 4 bytes");
    }

    @Test
    void missing_times_and_a_span_that_ends_before_it_starts_are_rejected() {
        assertThat(rejectionOf(span(START).setStartTimeUnixNano(0))).isEqualTo("startTimeUnixNano is missing (0)");
        assertThat(rejectionOf(span(START).setEndTimeUnixNano(0))).isEqualTo("endTimeUnixNano is missing (0)");
        assertThat(rejectionOf(span(START).setEndTimeUnixNano(nanos(START) - 1)))
                .isEqualTo("endTimeUnixNano 2026-03-01T11:58:59.999999999Z is before startTimeUnixNano 2026-03-01T11:59:00Z");
        assertThat(rejectionOf(span(START).setEndTimeUnixNano(-1L)))
                .isEqualTo("endTimeUnixNano 18446744073709551615 is beyond the year 2262; timestamps are nanoseconds since 1970");
    }

    @Test
    void times_outside_the_default_window_of_30_days_back_and_1_day_ahead_are_rejected() {
        assertThat(rejectionOf(span(NOW.minus(Duration.ofDays(31))))).isEqualTo("startTimeUnixNano 2026-01-29T12:00:00Z"
                + " is more than 30 days in the past (accepted: from 30 days ago to 1 day ahead)");
        assertThat(rejectionOf(span(NOW.plus(Duration.ofDays(2))))).isEqualTo("startTimeUnixNano 2026-03-03T12:00:00Z"
                + " is more than 1 day in the future (accepted: from 30 days ago to 1 day ahead)");
        assertThat(rejectionOf(span(NOW.plus(Duration.ofHours(23))).setEndTimeUnixNano(nanos(NOW.plus(Duration.ofDays(3))))))
                .startsWith("endTimeUnixNano 2026-03-04T12:00:00Z is more than 1 day in the future");
        // milliseconds sent as nanoseconds: 1970, a classic unit mistake
        assertThat(rejectionOf(span(START).setStartTimeUnixNano(NOW.toEpochMilli())
                .setEndTimeUnixNano(NOW.toEpochMilli() + 1))).startsWith("startTimeUnixNano 1970-01-01T00:29:32.");
    }

    @Test
    void the_window_is_configurable() {
        SpanMapper strict = new SpanMapper(ContentLimits.DEFAULT,
                new TimeWindow(Duration.ofHours(1), Duration.ofMinutes(5)), Clock.fixed(NOW, ZoneOffset.UTC));

        MappedSpans mapped = strict.map("p1", traces(span(NOW.minus(Duration.ofHours(2))), span(START)));

        assertThat(mapped.spans()).hasSize(1);
        assertThat(mapped.rejected().getFirst().reason())
                .endsWith("is more than 1 hour in the past (accepted: from 1 hour ago to 5 minutes ahead)");
    }

    @Test
    void a_negative_token_count_is_rejected_naming_the_attribute() {
        assertThat(rejectionOf(kv("gen_ai.usage.input_tokens", -5L)))
                .isEqualTo("gen_ai.usage.input_tokens must be a non-negative whole number, got -5");
        assertThat(rejectionOf(kv("llm.token_count.completion", "-1")))
                .isEqualTo("llm.token_count.completion must be a non-negative whole number, got \"-1\"");
    }

    @Test
    void token_counts_sent_as_integer_strings_or_whole_doubles_are_read() {
        org.llmobservatory.storage.model.Span span = SpanMapperConventionsTest.mapOne(
                kv("gen_ai.usage.input_tokens", " 42 "), kv("gen_ai.usage.output_tokens", 7.0));

        assertThat(span.inputTokens()).isEqualTo(42);
        assertThat(span.outputTokens()).isEqualTo(7);
    }

    @Test
    void token_counts_that_are_not_whole_numbers_are_rejected() {
        assertThat(rejectionOf(kv("gen_ai.usage.input_tokens", "many")))
                .isEqualTo("gen_ai.usage.input_tokens must be a non-negative whole number, got \"many\"");
        assertThat(rejectionOf(kv("gen_ai.usage.output_tokens", 12.5)))
                .isEqualTo("gen_ai.usage.output_tokens must be a non-negative whole number, got 12.5");
        assertThat(rejectionOf(kv("llm.usage.total_tokens", bool(true))))
                .isEqualTo("llm.usage.total_tokens must be a non-negative whole number, got true");
    }

    @Test
    void only_the_winning_name_is_checked_lower_priority_values_stay_in_the_attributes() {
        org.llmobservatory.storage.model.Span span = SpanMapperConventionsTest.mapOne(
                kv("gen_ai.usage.input_tokens", 3L), kv("llm.token_count.prompt", "n/a"));

        assertThat(span.inputTokens()).isEqualTo(3);
        assertThat(span.attributes()).contains("\"llm.token_count.prompt\":\"n/a\"");
    }

    @Test
    void a_negative_or_unreadable_cost_or_first_token_time_is_rejected() {
        assertThat(rejectionOf(kv("llm.cost.total", -0.01)))
                .isEqualTo("llm.cost.total must be a non-negative amount below 10^10 USD, got -0.01");
        assertThat(rejectionOf(kv("gen_ai.usage.cost", "free")))
                .isEqualTo("gen_ai.usage.cost must be a non-negative amount below 10^10 USD, got \"free\"");
        assertThat(rejectionOf(kv("gen_ai.response.time_to_first_chunk", -0.2)))
                .isEqualTo("gen_ai.response.time_to_first_chunk must be a non-negative number of seconds, got -0.2");
    }

    @Test
    void a_cost_sent_as_a_string_is_read_exactly() {
        assertThat(SpanMapperConventionsTest.mapOne(kv("gen_ai.usage.cost", "0.000123456789012")).costUsd())
                .hasToString("0.0001234568");
    }
}
