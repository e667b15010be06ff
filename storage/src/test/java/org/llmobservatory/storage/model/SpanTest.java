package org.llmobservatory.storage.model;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SpanTest {

    private static Span withEvents(String events) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        return Span.builder().traceId("0af7651916cd43dd8448eb211c80319c").spanId("b7ad6b7169203331").name("n").startTime(t).endTime(t.plusMillis(5))
                .events(events).build();
    }

    @Test
    void event_count_reads_the_top_level_of_the_events_array() {
        assertThat(withEvents(null).eventCount()).isZero();
        assertThat(withEvents("[]").eventCount()).isZero();
        assertThat(withEvents(" [ ] ").eventCount()).isZero();
        assertThat(withEvents("[{\"name\":\"a\"}]").eventCount()).isEqualTo(1);
        assertThat(withEvents("[{\"name\":\"a,b]\",\"attrs\":{\"x\":[1,2,3]}},{\"name\":\"\\\"q\\\"\"}]").eventCount())
                .isEqualTo(2);
        assertThat(withEvents("{\"not\":\"an array\"}").eventCount()).isZero();
    }

    @Test
    void duration_keeps_sub_millisecond_precision() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        Span s = Span.builder().traceId("0af7651916cd43dd8448eb211c80319c").spanId("b7ad6b7169203331").name("n").startTime(t).endTime(t.plusNanos(1_500_250))
                .build();
        assertThat(s.durationMs()).isEqualTo(1.50025);
        assertThat(s.kind()).isEqualTo(SpanKind.INTERNAL);
        assertThat(s.statusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(s.isRoot()).isTrue();
    }

    @Test
    void ids_are_hex_of_whole_bytes_kept_in_lower_case() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        Span s = Span.builder().traceId("0AF7651916CD43DD8448EB211C80319C").spanId("B7AD6B7169203331")
                .parentSpanId("").name("n").startTime(t).endTime(t).build();
        assertThat(s.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(s.spanId()).isEqualTo("b7ad6b7169203331");
        assertThat(s.isRoot()).as("an empty parent id, as OTLP sends for a root").isTrue();

        for (String bad : new String[] {"", "abc", "trace-1", "0g"}) {
            assertThatThrownBy(() -> Span.builder().traceId(bad).spanId("b7ad6b7169203331").name("n")
                    .startTime(t).endTime(t).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("traceId must be hex digits");
        }
        assertThatThrownBy(() -> Span.builder().traceId("0af7651916cd43dd8448eb211c80319c").spanId("s")
                .parentSpanId("b7ad6b7169203331").name("n").startTime(t).endTime(t).build())
                .hasMessageContaining("spanId must be hex digits");
    }
}
