package org.llmobservatory.server.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmobservatory.server.mapping.SpanMapperConventionsTest.MAPPER;
import static org.llmobservatory.server.mapping.SpanMapperConventionsTest.START;
import static org.llmobservatory.server.mapping.SpanMapperConventionsTest.mapOne;
import static org.llmobservatory.server.support.Otlp.array;
import static org.llmobservatory.server.support.Otlp.kv;
import static org.llmobservatory.server.support.Otlp.resource;
import static org.llmobservatory.server.support.Otlp.span;
import static org.llmobservatory.server.support.Otlp.string;
import static org.llmobservatory.server.support.Otlp.traces;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.llmobservatory.server.genai.Conventions;
import org.llmobservatory.server.support.Otlp;
import org.llmobservatory.storage.model.Span;

/** When several conventions name the same column, the documented priority decides. */
class SpanMapperPriorityTest {

    static Stream<Arguments> columns() {
        return Stream.of(
                Arguments.of("provider", Conventions.PROVIDER, (Function<Span, Object>) Span::provider, false),
                Arguments.of("model", Conventions.MODEL, (Function<Span, Object>) Span::model, false),
                Arguments.of("input tokens", Conventions.INPUT_TOKENS, (Function<Span, Object>) Span::inputTokens, true),
                Arguments.of("output tokens", Conventions.OUTPUT_TOKENS, (Function<Span, Object>) Span::outputTokens, true),
                Arguments.of("total tokens", Conventions.TOTAL_TOKENS, (Function<Span, Object>) Span::totalTokens, true),
                Arguments.of("cache read", Conventions.CACHE_READ_TOKENS,
                        (Function<Span, Object>) Span::cacheReadTokens, true),
                Arguments.of("reasoning", Conventions.REASONING_TOKENS,
                        (Function<Span, Object>) Span::reasoningTokens, true),
                Arguments.of("user", Conventions.USER, (Function<Span, Object>) Span::userId, false),
                Arguments.of("session", Conventions.SESSION, (Function<Span, Object>) Span::sessionId, false));
    }

    /** With names[i..] all present, each with its own value, the value of names[i] is stored. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("columns")
    void each_column_takes_the_first_present_name_in_priority_order(String column, List<String> names,
            Function<Span, Object> read, boolean numeric) {
        for (int winner = 0; winner < names.size(); winner++) {
            List<KeyValue> attributes = new ArrayList<>();
            // Reverse order on the wire: priority must not depend on attribute order.
            for (int i = names.size() - 1; i >= winner; i--) {
                attributes.add(numeric ? kv(names.get(i), 10L + i) : kv(names.get(i), "value-" + i));
            }
            Span span = mapOne(attributes.toArray(KeyValue[]::new));
            assertThat(read.apply(span)).as("%s from %s", column, names.get(winner))
                    .isEqualTo(numeric ? (Object) (10L + winner) : "value-" + winner);
        }
    }

    @Test
    void with_all_three_conventions_at_once_the_opentelemetry_names_win() {
        Span span = mapOne(
                kv("llm.provider", "azure"), kv("gen_ai.system", "openllmetry-openai"), kv("gen_ai.provider.name", "openai"),
                kv("llm.model_name", "oi-model"), kv("gen_ai.request.model", "gpt-4o"),
                kv("openinference.span.kind", "AGENT"), kv("llm.request.type", "completion"),
                kv("gen_ai.operation.name", "chat"),
                kv("llm.token_count.prompt", 1L), kv("gen_ai.usage.prompt_tokens", 2L), kv("gen_ai.usage.input_tokens", 3L),
                kv("llm.token_count.completion", 4L), kv("gen_ai.usage.output_tokens", 5L),
                kv("llm.token_count.total", 100L),
                kv("input.value", "oi input"), kv("gen_ai.prompt.0.content", "openllmetry input"),
                kv("gen_ai.input.messages", "[otel input]"),
                kv("session.id", "oi-session"), kv("gen_ai.conversation.id", "otel-conversation"));

        assertThat(span.provider()).isEqualTo("openai");
        assertThat(span.model()).isEqualTo("gpt-4o");
        assertThat(span.operation()).isEqualTo("chat");
        assertThat(span.inputTokens()).isEqualTo(3);
        assertThat(span.outputTokens()).isEqualTo(5);
        assertThat(span.totalTokens()).isEqualTo(100);
        assertThat(span.inputContent()).isEqualTo("[otel input]");
        assertThat(span.sessionId()).isEqualTo("otel-conversation");
        assertThat(span.attributes()).as("the winning content is stored once, in input_content")
                .doesNotContain("gen_ai.input.messages")
                .contains("\"input.value\":\"oi input\"", "\"gen_ai.prompt.0.content\":\"openllmetry input\"");
    }

    @Test
    void indexed_content_leaves_the_attributes_it_was_gathered_from_and_keeps_the_rest() {
        Span span = mapOne(kv("gen_ai.prompt.0.role", "user"), kv("gen_ai.prompt.0.content", "hello"),
                kv("gen_ai.prompt.1.role", "assistant"), kv("gen_ai.prompt.1.content", "hi"),
                kv("gen_ai.completion.0.content", "done"), kv("gen_ai.completion.0.finish_reason", "stop"),
                kv("gen_ai.prompt.note", "not indexed"), kv("gen_ai.request.temperature", 0.2));

        assertThat(span.inputContent()).contains("hello", "hi");
        assertThat(span.outputContent()).contains("done");
        assertThat(span.finishReason()).isEqualTo("stop");
        assertThat(span.attributes()).doesNotContain("gen_ai.prompt.0", "gen_ai.prompt.1", "gen_ai.completion.0")
                .contains("gen_ai.prompt.note", "gen_ai.request.temperature");
    }

    @Test
    void the_response_model_wins_over_the_requested_one() {
        assertThat(mapOne(kv("gen_ai.request.model", "gpt-4o"), kv("gen_ai.response.model", "gpt-4o-2024-08-06"))
                .model()).isEqualTo("gpt-4o-2024-08-06");
    }

    @Test
    void operations_follow_opentelemetry_then_openllmetry_then_openinference() {
        assertThat(mapOne(kv("openinference.span.kind", "TOOL"), kv("llm.request.type", "chat")).operation())
                .isEqualTo("chat");
        assertThat(mapOne(kv("openinference.span.kind", "TOOL"), kv("traceloop.span.kind", "workflow")).operation())
                .isEqualTo("workflow");
        assertThat(mapOne(kv("gen_ai.operation.name", "Embeddings")).operation()).isEqualTo("embeddings");
    }

    @Test
    void a_blank_value_does_not_hide_a_lower_priority_name() {
        assertThat(mapOne(kv("gen_ai.provider.name", "  "), kv("gen_ai.system", "cohere")).provider()).isEqualTo("cohere");
    }

    @Test
    void the_total_is_input_plus_output_only_when_no_attribute_gives_it_and_both_are_known() {
        assertThat(mapOne(kv("gen_ai.usage.input_tokens", 7L), kv("gen_ai.usage.output_tokens", 8L)).totalTokens())
                .isEqualTo(15);
        assertThat(mapOne(kv("gen_ai.usage.input_tokens", 7L)).totalTokens()).isNull();
        assertThat(mapOne(kv("gen_ai.usage.input_tokens", 7L), kv("gen_ai.usage.output_tokens", 8L),
                kv("llm.usage.total_tokens", 20L)).totalTokens()).isEqualTo(20);
    }

    @Test
    void finish_reason_is_the_first_of_the_array_whether_sent_as_array_or_as_json_text() {
        assertThat(mapOne(kv("gen_ai.response.finish_reasons", array(string("length"), string("stop"))))
                .finishReason()).isEqualTo("length");
        assertThat(mapOne(kv("gen_ai.response.finish_reasons", "[\"tool_calls\"]")).finishReason())
                .isEqualTo("tool_calls");
        assertThat(mapOne(kv("gen_ai.response.finish_reasons", "stop")).finishReason()).isEqualTo("stop");
        assertThat(mapOne(kv("gen_ai.response.finish_reasons", array()), kv("llm.response.finish_reason", "length"))
                .finishReason()).isEqualTo("length");
    }

    @Test
    void the_first_token_time_comes_from_an_attribute_in_seconds_else_from_a_first_token_event() {
        assertThat(mapOne(kv("gen_ai.response.time_to_first_token", "0.5")).timeToFirstTokenMs()).isEqualTo(500.0);
        assertThat(mapOne(kv("gen_ai.server.time_to_first_token", 2L)).timeToFirstTokenMs()).isEqualTo(2000.0);

        Span fromEvent = MAPPER.map("p1", traces(span(START).addEvents(Event.newBuilder()
                .setName("gen_ai.content.first_token").setTimeUnixNano(Otlp.nanos(START.plusMillis(320)))))).spans()
                .getFirst();
        assertThat(fromEvent.timeToFirstTokenMs()).isEqualTo(320.0);

        Span eventBeforeStart = MAPPER.map("p1", traces(span(START).addEvents(Event.newBuilder()
                .setName("first_token").setTimeUnixNano(Otlp.nanos(START.minusMillis(5)))))).spans().getFirst();
        assertThat(eventBeforeStart.timeToFirstTokenMs()).isNull();
    }

    @Test
    void the_resource_environment_wins_over_the_span_association_property() {
        Span span = MAPPER.map("p1", traces(resource(kv("deployment.environment.name", "prod"),
                        kv("deployment.environment", "old")),
                span(START, kv("traceloop.association.properties.environment", "dev")))).spans().getFirst();

        assertThat(span.environment()).isEqualTo("prod");
    }
}
