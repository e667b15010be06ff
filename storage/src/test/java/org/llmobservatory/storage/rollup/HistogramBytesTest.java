package org.llmobservatory.storage.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HistogramBytesTest {

    @Test
    void the_layout_is_a_version_byte_then_varints() {
        // 3 zeros, two buckets: index 0 once (690 steps above MIN_INDEX), index 1 twice (one step further).
        LatencyHistogram h = LatencyHistogram.of(new int[] {0, 1}, new long[] {1, 2}, 3);

        byte[] bytes = HistogramBytes.encode(h);

        // 690 = 0b101_0110010: 0xB2 (low 7 bits, more to come), 0x05.
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("010302b205010102");
        assertThat(HistogramBytes.decode(bytes)).isEqualTo(h);
    }

    @Test
    void the_extremes_round_trip() {
        LatencyHistogram h = LatencyHistogram.of(new int[] {LatencyBuckets.MIN_INDEX, LatencyBuckets.MAX_INDEX},
                new long[] {Long.MAX_VALUE / 2, Long.MAX_VALUE / 2}, 0);

        assertThat(HistogramBytes.decode(HistogramBytes.encode(h))).isEqualTo(h);
        assertThat(HistogramBytes.decode(HistogramBytes.encode(LatencyHistogram.empty())))
                .isEqualTo(LatencyHistogram.empty());
    }

    @Test
    void bytes_that_are_no_histogram_are_refused_saying_what_is_wrong() {
        refused("", "ends early");
        refused("02", "unknown layout version 2");
        refused("0100", "ends early");
        refused("010001", "ends early");
        refused("01000100", "ends early");
        refused("0100010101ff", "bytes after its last bucket");
        refused("010002010102", "ends early");
        refused("01000201010001", "strictly ascending");
        refused("0100010100", "count must be > 0");
        refused("01000180ff7f01", "above " + LatencyBuckets.MAX_INDEX);
        refused("01ffffffffffffffffff7f", "longer than 63 bits");
        refused("0100ff7f", "claims");
    }

    private static void refused(String hex, String message) {
        assertThatThrownBy(() -> HistogramBytes.decode(HexFormat.of().parseHex(hex)))
                .as(hex).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
