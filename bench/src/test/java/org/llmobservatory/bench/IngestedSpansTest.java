package org.llmobservatory.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.model.Span;

/** The ingest section's rows are what the service stores from the generated spans sent over OTLP. */
class IngestedSpansTest {

    @Test
    void every_generated_span_comes_back_as_stored_with_the_conventions_attributes_and_its_price() {
        List<Span> generated = AgentTraces.hourBefore(Instant.now(), 7, 1_500);

        List<Span> stored = IngestedSpans.of(generated);

        assertThat(stored).hasSameSizeAs(generated);
        Map<String, Span> byId = stored.stream().collect(Collectors.toMap(Span::spanId, Function.identity()));
        for (Span sent : generated) {
            Span row = byId.get(sent.spanId());
            assertThat(row.traceId()).isEqualTo(sent.traceId());
            assertThat(row.model()).isEqualTo(sent.model());
            assertThat(row.inputTokens()).isEqualTo(sent.inputTokens());
            if (sent.model() != null) {
                assertThat(row.costUsd()).isEqualByComparingTo(sent.costUsd());
                assertThat(row.attributes()).contains("\"gen_ai.operation.name\"");
                assertThat(row.attributes().length()).isGreaterThan(sent.attributes().length());
            } else {
                assertThat(row.costUsd()).isNull();
            }
        }
    }
}
