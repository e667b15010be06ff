package org.llmobservatory.server.values;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void text_within_the_limit_is_unchanged() {
        assertThat(Text.limit("hello", 5)).isEqualTo("hello");
        assertThat(Text.limit("😀😀", 8)).isEqualTo("😀😀");
        assertThat(Text.limit(null, 5)).isNull();
    }

    @Test
    void a_cut_never_splits_a_character_and_counts_the_bytes_it_drops() {
        // "😀" is 4 UTF-8 bytes (a surrogate pair in Java); a 6-byte limit keeps one of them.
        assertThat(Text.limit("😀😀", 6)).isEqualTo("😀…[truncated 4 bytes]");
        assertThat(Text.limit("aé", 2)).isEqualTo("a…[truncated 2 bytes]");
        assertThat(Text.limit("€€€", 7)).isEqualTo("€€…[truncated 3 bytes]");
    }

    @Test
    void nul_and_unpaired_surrogates_become_the_replacement_character_and_pairs_survive() {
        assertThat(Text.clean("a\u0000b")).isEqualTo("a\uFFFDb");
        assertThat(Text.clean("\uDC00x\uD800")).isEqualTo("\uFFFDx\uFFFD");
        assertThat(Text.clean("ok 😀")).isEqualTo("ok 😀");
        assertThat(Text.limit("\u0000\u0000", 64)).isEqualTo("\uFFFD\uFFFD");
    }
}
