package org.llmobservatory.server.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmobservatory.server.support.Otlp.kv;
import static org.llmobservatory.server.support.Otlp.span;
import static org.llmobservatory.server.support.Otlp.traces;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.config.Environment;
import org.llmobservatory.server.config.Settings;
import org.llmobservatory.server.values.ContentLimits;
import org.llmobservatory.storage.model.Span;

/**
 * A sent cost and redaction are part of mapping: the span comes out of the mapper with the cost its sender gave
 * and its content redacted. Pricing the calls sent without a cost is the storage's ({@code SpanPricingTest},
 * {@code CostCalculatorTest}; through the service, {@code OtlpIngestTest}).
 */
class SpanMapperCostAndRedactionTest {

    private final SpanMapper mapper = new SpanMapper(ContentLimits.DEFAULT, TimeWindow.DEFAULT,
            Clock.fixed(SpanMapperConventionsTest.NOW, ZoneOffset.UTC),
            new Environment(Map.of(Settings.REDACT.name(), "emails")).security().redaction());

    @Test
    void a_model_call_without_a_sent_cost_is_left_for_the_storage_to_price() {
        Span span = mapOne(kv("gen_ai.provider.name", "openai"), kv("gen_ai.request.model", "gpt-4o"),
                kv("gen_ai.usage.input_tokens", 1000L), kv("gen_ai.usage.output_tokens", 200L));

        assertThat(span.model()).isEqualTo("gpt-4o");
        assertThat(span.costUsd()).isNull();
    }

    @Test
    void a_cost_the_sender_gave_is_kept() {
        Span span = mapOne(kv("gen_ai.request.model", "gpt-4o"), kv("gen_ai.usage.input_tokens", 1000L),
                kv("gen_ai.usage.cost", 0.5));

        assertThat(span.costUsd()).isEqualByComparingTo("0.5");
    }

    @Test
    void a_span_that_is_not_a_model_call_gets_no_cost() {
        Span span = mapOne(kv("http.route", "/chat"));

        assertThat(span.costUsd()).isNull();
    }

    @Test
    void prompts_and_completions_are_redacted_while_mapped() {
        Span span = mapOne(kv("gen_ai.request.model", "gpt-4o"),
                kv("gen_ai.prompt", "mail ada@example.com please"),
                kv("gen_ai.completion", "done, wrote to ada@example.com"));

        assertThat(span.inputContent()).doesNotContain("ada@example.com").contains("[redacted:email]");
        assertThat(span.outputContent()).doesNotContain("ada@example.com").contains("[redacted:email]");
    }

    private Span mapOne(io.opentelemetry.proto.common.v1.KeyValue... attributes) {
        MappedSpans mapped = mapper.map("p1", traces(span(SpanMapperConventionsTest.START, attributes)));
        assertThat(mapped.rejected()).isEmpty();
        return mapped.spans().getFirst();
    }
}
