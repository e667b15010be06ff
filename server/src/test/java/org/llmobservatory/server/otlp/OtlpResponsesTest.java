package org.llmobservatory.server.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OtlpResponsesTest {

    @Test
    void full_success_leaves_partial_success_unset_as_otlp_requires() {
        assertThat(OtlpResponses.traces(0, "").hasPartialSuccess()).isFalse();
        assertThat(OtlpJson.print(OtlpResponses.logs(0, null))).isEqualTo("{}");
    }

    @Test
    void rejections_are_reported_as_partial_success_with_count_and_message() {
        String json = OtlpJson.print(OtlpResponses.traces(2, "2 spans rejected: ..."));

        assertThat(json).isEqualTo("{\"partialSuccess\":{\"rejectedSpans\":\"2\",\"errorMessage\":\"2 spans rejected: ...\"}}");
        assertThat(OtlpResponses.metrics(3, "m").getPartialSuccess().getRejectedDataPoints()).isEqualTo(3);
        assertThat(OtlpResponses.logs(1, "l").getPartialSuccess().getErrorMessage()).isEqualTo("l");
    }
}
