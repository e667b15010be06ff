package org.llmobservatory.server.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmobservatory.server.support.Otlp.array;
import static org.llmobservatory.server.support.Otlp.kv;
import static org.llmobservatory.server.support.Otlp.kvlist;
import static org.llmobservatory.server.support.Otlp.resource;
import static org.llmobservatory.server.support.Otlp.span;
import static org.llmobservatory.server.support.Otlp.string;
import static org.llmobservatory.server.support.Otlp.traces;

import io.opentelemetry.proto.common.v1.KeyValue;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.llmobservatory.server.values.ContentLimits;
import org.llmobservatory.storage.model.Span;

/** Each convention's own attribute set, alone, fills the typed columns. */
class SpanMapperConventionsTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Instant START = NOW.minusSeconds(60);
    static final SpanMapper MAPPER =
            new SpanMapper(ContentLimits.DEFAULT, TimeWindow.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));

    static Span mapOne(KeyValue... attributes) {
        MappedSpans mapped = MAPPER.map("p1", traces(span(START, attributes)));
        assertThat(mapped.rejected()).isEmpty();
        return mapped.spans().getFirst();
    }

    @Test
    void otel_genai_current_attributes_fill_every_llm_column() {
        MappedSpans mapped = MAPPER.map("p1", traces(
                resource(kv("service.name", "support-bot"), kv("deployment.environment.name", "prod")),
                span(START,
                        kv("gen_ai.provider.name", "openai"),
                        kv("gen_ai.operation.name", "chat"),
                        kv("gen_ai.request.model", "gpt-4o"),
                        kv("gen_ai.response.model", "gpt-4o-2024-08-06"),
                        kv("gen_ai.usage.input_tokens", 100L),
                        kv("gen_ai.usage.output_tokens", 20L),
                        kv("gen_ai.usage.cache_read.input_tokens", 40L),
                        kv("gen_ai.usage.reasoning.output_tokens", 5L),
                        kv("gen_ai.response.finish_reasons", array(string("stop"))),
                        kv("gen_ai.response.time_to_first_chunk", 0.25),
                        kv("gen_ai.conversation.id", "conv_5j66"),
                        kv("user.id", "u-17"),
                        kv("gen_ai.input.messages",
                                "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Weather in Paris?\"}]}]"),
                        kv("gen_ai.output.messages", array(kvlist(kv("role", "assistant"),
                                kv("parts", array(kvlist(kv("type", "text"), kv("content", "Rainy")))),
                                kv("finish_reason", "stop")))))));

        Span span = mapped.spans().getFirst();
        assertThat(span.serviceName()).isEqualTo("support-bot");
        assertThat(span.environment()).isEqualTo("prod");
        assertThat(span.provider()).isEqualTo("openai");
        assertThat(span.operation()).isEqualTo("chat");
        assertThat(span.model()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(span.inputTokens()).isEqualTo(100);
        assertThat(span.outputTokens()).isEqualTo(20);
        assertThat(span.totalTokens()).isEqualTo(120);
        assertThat(span.cacheReadTokens()).isEqualTo(40);
        assertThat(span.reasoningTokens()).isEqualTo(5);
        assertThat(span.finishReason()).isEqualTo("stop");
        assertThat(span.timeToFirstTokenMs()).isEqualTo(250.0);
        assertThat(span.sessionId()).isEqualTo("conv_5j66");
        assertThat(span.userId()).isEqualTo("u-17");
        assertThat(span.costUsd()).isNull();
        assertThat(span.inputContent())
                .isEqualTo("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Weather in Paris?\"}]}]");
        assertThat(span.outputContent()).isEqualTo("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\","
                + "\"content\":\"Rainy\"}],\"finish_reason\":\"stop\"}]");
    }

    @Test
    void otel_deprecated_names_fill_the_columns_when_current_ones_are_absent() {
        MappedSpans mapped = MAPPER.map("p1", traces(
                resource(kv("service.name", "legacy"), kv("deployment.environment", "staging")),
                span(START,
                        kv("gen_ai.system", "anthropic"),
                        kv("gen_ai.request.model", "claude-3-5-sonnet"),
                        kv("gen_ai.usage.prompt_tokens", 11L),
                        kv("gen_ai.usage.completion_tokens", 22L),
                        kv("gen_ai.prompt", "[{'role': 'user', 'content': 'Capital of France?'}]"),
                        kv("gen_ai.completion", "[{'role': 'assistant', 'content': 'Paris.'}]"))));

        Span span = mapped.spans().getFirst();
        assertThat(span.provider()).isEqualTo("anthropic");
        assertThat(span.model()).isEqualTo("claude-3-5-sonnet");
        assertThat(span.inputTokens()).isEqualTo(11);
        assertThat(span.outputTokens()).isEqualTo(22);
        assertThat(span.totalTokens()).isEqualTo(33);
        assertThat(span.environment()).isEqualTo("staging");
        assertThat(span.inputContent()).isEqualTo("[{'role': 'user', 'content': 'Capital of France?'}]");
        assertThat(span.outputContent()).isEqualTo("[{'role': 'assistant', 'content': 'Paris.'}]");
    }

    @Test
    void openllmetry_attributes_and_indexed_prompts_fill_the_columns() {
        Span span = mapOne(
                kv("gen_ai.system", "OpenAI"),
                kv("gen_ai.request.model", "gpt-4o-mini"),
                kv("llm.request.type", "completion"),
                kv("gen_ai.usage.prompt_tokens", 50L),
                kv("gen_ai.usage.completion_tokens", 10L),
                kv("llm.usage.total_tokens", 61L),
                kv("gen_ai.usage.cache_read_input_tokens", 32L),
                kv("llm.usage.reasoning_tokens", 4L),
                kv("gen_ai.prompt.0.role", "system"),
                kv("gen_ai.prompt.0.content", "Be brief."),
                kv("gen_ai.prompt.1.content", "Hi"),
                kv("gen_ai.prompt.1.role", "user"),
                kv("gen_ai.completion.0.role", "assistant"),
                kv("gen_ai.completion.0.content", "Hello!"),
                kv("gen_ai.completion.0.finish_reason", "length"),
                kv("llm.user", "u-9"),
                kv("traceloop.association.properties.session_id", "s-1"),
                kv("traceloop.association.properties.environment", "dev"));

        assertThat(span.provider()).isEqualTo("openai");
        assertThat(span.model()).isEqualTo("gpt-4o-mini");
        assertThat(span.operation()).isEqualTo("text_completion");
        assertThat(span.inputTokens()).isEqualTo(50);
        assertThat(span.outputTokens()).isEqualTo(10);
        assertThat(span.totalTokens()).isEqualTo(61);
        assertThat(span.cacheReadTokens()).isEqualTo(32);
        assertThat(span.reasoningTokens()).isEqualTo(4);
        assertThat(span.finishReason()).isEqualTo("length");
        assertThat(span.userId()).isEqualTo("u-9");
        assertThat(span.sessionId()).isEqualTo("s-1");
        assertThat(span.environment()).isEqualTo("dev");
        assertThat(span.inputContent()).isEqualTo(
                "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}]");
        assertThat(span.outputContent()).isEqualTo(
                "[{\"role\":\"assistant\",\"content\":\"Hello!\",\"finish_reason\":\"length\"}]");
    }

    @Test
    void openllmetry_workflow_spans_carry_their_entity_input_and_output() {
        Span span = mapOne(kv("traceloop.span.kind", "agent"), kv("traceloop.entity.input", "{\"q\":\"hi\"}"),
                kv("traceloop.entity.output", "{\"a\":\"hello\"}"));

        assertThat(span.operation()).isEqualTo("invoke_agent");
        assertThat(span.inputContent()).isEqualTo("{\"q\":\"hi\"}");
        assertThat(span.outputContent()).isEqualTo("{\"a\":\"hello\"}");
    }

    @Test
    void openinference_token_counts_fill_the_token_columns() {
        Span span = mapOne(
                kv("openinference.span.kind", "LLM"),
                kv("llm.provider", "azure"),
                kv("llm.system", "openai"),
                kv("llm.model_name", "gpt-4o"),
                kv("llm.token_count.prompt", 300L),
                kv("llm.token_count.completion", 45L),
                kv("llm.token_count.total", 345L),
                kv("llm.token_count.prompt_details.cache_read", 128L),
                kv("llm.token_count.completion_details.reasoning", 12L),
                kv("llm.cost.total", 0.00123),
                kv("llm.finish_reason", "stop"),
                kv("session.id", "sess-42"),
                kv("user.id", "alice"),
                kv("llm.input_messages.0.message.role", "user"),
                kv("llm.input_messages.0.message.content", "What is OTLP?"),
                kv("llm.output_messages.0.message.role", "assistant"),
                kv("llm.output_messages.0.message.content", "A protocol."),
                kv("input.value", "{\"messages\": [...]}"),
                kv("output.value", "A protocol."));

        assertThat(span.operation()).isEqualTo("chat");
        assertThat(span.provider()).isEqualTo("azure");
        assertThat(span.model()).isEqualTo("gpt-4o");
        assertThat(span.inputTokens()).isEqualTo(300);
        assertThat(span.outputTokens()).isEqualTo(45);
        assertThat(span.totalTokens()).isEqualTo(345);
        assertThat(span.cacheReadTokens()).isEqualTo(128);
        assertThat(span.reasoningTokens()).isEqualTo(12);
        assertThat(span.costUsd()).isEqualByComparingTo(new BigDecimal("0.00123"));
        assertThat(span.finishReason()).isEqualTo("stop");
        assertThat(span.sessionId()).isEqualTo("sess-42");
        assertThat(span.userId()).isEqualTo("alice");
        assertThat(span.inputContent()).isEqualTo("[{\"role\":\"user\",\"content\":\"What is OTLP?\"}]");
        assertThat(span.outputContent()).isEqualTo("[{\"role\":\"assistant\",\"content\":\"A protocol.\"}]");
    }

    @Test
    void openinference_input_and_output_values_are_the_content_when_no_messages_are_given() {
        Span span = mapOne(kv("openinference.span.kind", "CHAIN"), kv("input.value", "question"),
                kv("output.value", "answer"), kv("llm.system", "anthropic"));

        assertThat(span.operation()).isEqualTo("chain");
        assertThat(span.provider()).isEqualTo("anthropic");
        assertThat(span.inputContent()).isEqualTo("question");
        assertThat(span.outputContent()).isEqualTo("answer");
    }

    @ParameterizedTest(name = "openinference.span.kind {0} is operation {1}")
    @CsvSource({"LLM, chat", "EMBEDDING, embeddings", "TOOL, execute_tool", "AGENT, invoke_agent", "CHAIN, chain",
            "RETRIEVER, retriever", "RERANKER, reranker", "GUARDRAIL, guardrail", "EVALUATOR, evaluator",
            "PROMPT, prompt", "something_new, something_new"})
    void openinference_span_kinds_map_to_operations(String kind, String operation) {
        assertThat(mapOne(kv("openinference.span.kind", kind)).operation()).isEqualTo(operation);
    }

    @ParameterizedTest(name = "llm.request.type {0} is operation {1}")
    @CsvSource({"chat, chat", "completion, text_completion", "embedding, embeddings", "rerank, rerank"})
    void openllmetry_request_types_map_to_opentelemetry_operations(String type, String operation) {
        assertThat(mapOne(kv("llm.request.type", type)).operation()).isEqualTo(operation);
    }

    @Test
    void unknown_is_no_operation_so_a_lower_convention_may_still_name_one() {
        assertThat(mapOne(kv("llm.request.type", "unknown"), kv("openinference.span.kind", "TOOL")).operation())
                .isEqualTo("execute_tool");
        assertThat(mapOne(kv("openinference.span.kind", "UNKNOWN")).operation()).isNull();
    }

    @Test
    void a_span_without_llm_attributes_has_empty_llm_columns() {
        Span span = mapOne(kv("http.request.method", "GET"));

        assertThat(span.provider()).isNull();
        assertThat(span.model()).isNull();
        assertThat(span.operation()).isNull();
        assertThat(span.inputTokens()).isNull();
        assertThat(span.totalTokens()).isNull();
        assertThat(span.costUsd()).isNull();
        assertThat(span.timeToFirstTokenMs()).isNull();
        assertThat(span.inputContent()).isNull();
        assertThat(span.environment()).isNull();
    }

    @Test
    void cache_reads_larger_than_the_input_count_are_a_raw_anthropic_split_and_join_the_input() {
        Span raw = mapOne(kv("gen_ai.provider.name", "anthropic"), kv("gen_ai.request.model", "claude-sonnet-4-5"),
                kv("gen_ai.usage.input_tokens", 200L), kv("gen_ai.usage.output_tokens", 50L),
                kv("gen_ai.usage.cache_read.input_tokens", 1_800L));
        assertThat(raw.inputTokens()).isEqualTo(2_000);
        assertThat(raw.cacheReadTokens()).isEqualTo(1_800);
        assertThat(raw.totalTokens()).isEqualTo(2_050);

        Span converted = mapOne(kv("gen_ai.provider.name", "anthropic"),
                kv("gen_ai.request.model", "claude-sonnet-4-5"), kv("gen_ai.usage.input_tokens", 2_000L),
                kv("gen_ai.usage.output_tokens", 50L), kv("gen_ai.usage.cache_read.input_tokens", 1_800L));
        assertThat(converted.inputTokens()).isEqualTo(2_000);
        assertThat(converted.totalTokens()).isEqualTo(2_050);
    }
}
