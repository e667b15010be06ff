package org.llmobservatory.storage.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SpanTest {

    private static Span withEvents(String events) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        return Span.builder().traceId("t").spanId("s").name("n").startTime(t).endTime(t.plusMillis(5))
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
        Span s = Span.builder().traceId("t").spanId("s").name("n").startTime(t).endTime(t.plusNanos(1_500_250))
                .build();
        assertThat(s.durationMs()).isEqualTo(1.50025);
        assertThat(s.kind()).isEqualTo(SpanKind.INTERNAL);
        assertThat(s.statusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(s.isRoot()).isTrue();
    }
}
