package org.llmobservatory.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OtlpBodiesTest {

    @Test
    void json_bodies_carry_ids_as_hex_as_otlp_json_requires() throws Exception {
        OtlpBodies json = OtlpBodies.protobuf(2, 1_024, 3).json();

        String body = new String(json.perClient().getFirst().getFirst(), StandardCharsets.UTF_8);
        assertThat(json.spans()).isEqualTo(1_024);
        assertThat(body).containsPattern("\"traceId\":\"[0-9a-f]{32}\"").containsPattern("\"spanId\":\"[0-9a-f]{16}\"")
                .containsPattern("\"parentSpanId\":\"[0-9a-f]{16}\"");
    }
}
