package org.llmobservatory.server.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.llmobservatory.server.genai.Conventions;
import org.llmobservatory.server.support.Otlp;
import org.llmobservatory.server.values.ContentLimits;
import org.llmobservatory.server.values.Text;

/**
 * The span mapper under fuzzing: any attribute map, with the convention keys the LLM columns read and
 * any values (NUL, unpaired surrogates, NaN, huge numbers, nesting), either maps or rejects the span
 * with a reason; it never throws, and what it maps is storable (no NUL, well-formed text, JSON columns
 * that parse). A valid LLM span, under any of the conventions' names, always maps, each value in its
 * column.
 */
class SpanMapperProperties {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KEYS = Stream.of(Conventions.PROVIDER, Conventions.MODEL,
            Conventions.INPUT_TOKENS, Conventions.OUTPUT_TOKENS, Conventions.TOTAL_TOKENS, Conventions.COST_USD,
            Conventions.TIME_TO_FIRST_TOKEN, Conventions.FINISH_REASON, Conventions.USER, Conventions.SESSION,
            Conventions.CACHE_READ_TOKENS, Conventions.REASONING_TOKENS).flatMap(List::stream).toList();
    private static final List<String> MORE_KEYS = List.of("gen_ai.operation.name", "llm.request.type",
            "traceloop.span.kind", "openinference.span.kind", "gen_ai.response.finish_reasons",
            "gen_ai.input.messages", "gen_ai.output.messages", "input.value", "output.value", "gen_ai.prompt",
            "gen_ai.prompt.0.role", "gen_ai.prompt.0.content", "gen_ai.prompt.1.content", "gen_ai.completion.0.content",
            "llm.input_messages.0.message.role", "llm.output_messages.3.message.content", "traceloop.entity.input",
            "gen_ai.prompt.999999.content", "gen_ai.prompt.9999999.content", "gen_ai.prompt..content");

    // Small limits so that truncation is exercised on every few values.
    private final SpanMapper mapper = new SpanMapper(new ContentLimits(64, 128), TimeWindow.DEFAULT,
            java.time.Clock.systemUTC());

    @Property(tries = 3000, shrinking = ShrinkingMode.BOUNDED)
    void any_attributes_map_or_reject_and_what_maps_is_storable(@ForAll("attributes") List<KeyValue> attributes,
            @ForAll("names") String name, @ForAll("events") List<Span.Event> events) throws IOException {
        Instant now = Instant.now();
        Span.Builder span = Otlp.span(now.minusSeconds(5)).setName(name).clearAttributes()
                .addAllAttributes(attributes).addAllEvents(events);
        ExportTraceServiceRequest request = Otlp.traces(Otlp.resource(Otlp.kv("service.name", name)), span);

        MappedSpans mapped = mapper.map("p", request);

        assertThat(mapped.spans().size() + mapped.rejected().size()).isEqualTo(1);
        for (ItemRejection r : mapped.rejected()) {
            assertThat(r.item()).as("the rejection points at the span").isEqualTo("resourceSpans[0].scopeSpans[0].spans[0]");
            assertThat(r.reason()).as("the rejection says why").isNotBlank();
        }
        for (org.llmobservatory.storage.model.Span s : mapped.spans()) {
            for (String text : Stream.of(s.name(), s.serviceName(), s.statusMessage(), s.provider(), s.model(),
                    s.operation(), s.finishReason(), s.userId(), s.sessionId(), s.environment(), s.inputContent(),
                    s.outputContent(), s.attributes(), s.resourceAttributes(), s.events(), s.links()).toList()) {
                storable(text);
            }
            for (String json : List.of(s.attributes(), s.resourceAttributes(), s.events(), s.links())) {
                JSON.readTree(json);
            }
            assertThat(s.inputTokens() == null || s.inputTokens() >= 0).isTrue();
            assertThat(s.costUsd() == null || s.costUsd().signum() >= 0).isTrue();
            assertThat(s.timeToFirstTokenMs() == null || Double.isFinite(s.timeToFirstTokenMs())).isTrue();
        }
    }

    /**
     * The other half of the contract: a well-formed LLM span, whichever convention names its attributes,
     * is stored, with each value in its column.
     */
    @Property(tries = 1000, shrinking = ShrinkingMode.BOUNDED)
    void a_valid_llm_span_maps_with_each_value_in_its_column(@ForAll("plain") String name,
            @ForAll("plain") String service, @ForAll("plain") String provider, @ForAll("plain") String model,
            @ForAll("plain") String user, @ForAll("tokens") long input, @ForAll("tokens") long output,
            @ForAll("costs") BigDecimal cost, @ForAll("keys") List<String> keys) {
        Instant start = Instant.now().minusSeconds(5);
        Span.Builder span = Otlp.span(start).setName(name).clearAttributes().addAllAttributes(List.of(
                Otlp.kv(keys.get(0), provider), Otlp.kv(keys.get(1), model), Otlp.kv(keys.get(2), input),
                Otlp.kv(keys.get(3), output), Otlp.kv(keys.get(4), cost.toPlainString()), Otlp.kv(keys.get(5), user)));
        ExportTraceServiceRequest request = Otlp.traces(Otlp.resource(Otlp.kv("service.name", service)), span);

        MappedSpans mapped = mapper.map("p", request);

        assertThat(mapped.rejected()).isEmpty();
        assertThat(mapped.spans()).hasSize(1);
        org.llmobservatory.storage.model.Span s = mapped.spans().get(0);
        assertThat(s.traceId()).isEqualTo(Otlp.TRACE_ID);
        assertThat(s.spanId()).isEqualTo(Otlp.SPAN_ID);
        assertThat(s.name()).isEqualTo(name);
        assertThat(s.serviceName()).isEqualTo(service);
        assertThat(s.startTime()).isEqualTo(start);
        assertThat(s.endTime()).isEqualTo(start.plusMillis(1500));
        assertThat(s.provider()).isEqualTo(provider.toLowerCase(java.util.Locale.ROOT));
        assertThat(s.model()).isEqualTo(model);
        assertThat(s.inputTokens()).isEqualTo(input);
        assertThat(s.outputTokens()).isEqualTo(output);
        assertThat(s.totalTokens()).isEqualTo(input + output);
        assertThat(s.costUsd()).isEqualByComparingTo(cost);
        assertThat(s.userId()).isEqualTo(user);
    }

    private static void storable(String text) {
        if (text == null) {
            return;
        }
        assertThat(text.indexOf('\u0000')).as("no NUL in %s", text).isNegative();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else {
                assertThat(Character.isSurrogate(c)).as("unpaired surrogate in %s", text).isFalse();
            }
        }
    }

    /** Text no rule alters: no NUL, no surrogate, no blank, no space at either end, well under the limits. */
    @Provide
    Arbitrary<String> plain() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars(" -_./:é✓").ofMinLength(1).ofMaxLength(16).filter(t -> t.equals(t.strip()));
    }

    @Provide
    Arbitrary<Long> tokens() {
        return Arbitraries.longs().between(0, 1_000_000_000_000L);
    }

    @Provide
    Arbitrary<BigDecimal> costs() {
        return Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("100000")).ofScale(10);
    }

    /** One key for each of provider, model, input, output, cost and user, from any of the conventions. */
    @Provide
    Arbitrary<List<String>> keys() {
        return Combinators.combine(Arbitraries.of(Conventions.PROVIDER), Arbitraries.of(Conventions.MODEL),
                Arbitraries.of(Conventions.INPUT_TOKENS), Arbitraries.of(Conventions.OUTPUT_TOKENS),
                Arbitraries.of(Conventions.COST_USD), Arbitraries.of(Conventions.USER)).as(List::of);
    }

    @Provide
    Arbitrary<String> names() {
        return text();
    }

    @Provide
    Arbitrary<List<KeyValue>> attributes() {
        Arbitrary<String> key = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.of(KEYS)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(MORE_KEYS)),
                net.jqwik.api.Tuple.of(2, text()));
        return Combinators.combine(key, value(2)).as((k, v) -> KeyValue.newBuilder().setKey(k).setValue(v).build())
                .list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<Span.Event>> events() {
        return Combinators.combine(Arbitraries.of("gen_ai.first_token", "first_token", "exception", "x\u0000"),
                Arbitraries.longs().between(-1, Long.MAX_VALUE)).as((n, t) -> Span.Event.newBuilder().setName(n)
                        .setTimeUnixNano(t).build())
                .list().ofMaxSize(2);
    }

    /** Any text: NUL, controls, unpaired surrogates, numbers in words, JSON-looking text. */
    static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(120),
                Arbitraries.of("", " ", "42", " 7 ", "-5", "1.5", "1e999999999", "NaN", "Infinity", "-0", "0x10",
                        "[\"stop\"]", "[", "[1, \"\\u0000\"]", "a\u0000b", "\uD800", "\uDC00x", "é".repeat(40),
                        "99999999999999999999", "0.00000000000000000001", "LLM", "unknown", "CHAIN"));
    }

    static Arbitrary<AnyValue> value(int depth) {
        List<Arbitrary<AnyValue>> choices = new ArrayList<>(List.of(
                text().map(s -> AnyValue.newBuilder().setStringValue(s).build()),
                Arbitraries.longs().map(Otlp::integer),
                Arbitraries.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE).map(Otlp::integer),
                Arbitraries.doubles().map(Otlp::dbl),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 7.0, 1e300,
                        Double.MIN_VALUE, 9.3e18).map(Otlp::dbl),
                Arbitraries.of(true, false).map(Otlp::bool),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(80)
                        .map(b -> AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(b)).build()),
                Arbitraries.just(AnyValue.getDefaultInstance())));
        if (depth > 0) {
            choices.add(value(depth - 1).list().ofMaxSize(4).map(values -> AnyValue.newBuilder()
                    .setArrayValue(ArrayValue.newBuilder().addAllValues(values)).build()));
            choices.add(Combinators.combine(text(), value(depth - 1))
                    .as((k, v) -> KeyValue.newBuilder().setKey(k).setValue(v).build()).list().ofMaxSize(4)
                    .map(kvs -> AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addAllValues(kvs))
                            .build()));
        }
        return Arbitraries.oneOf(choices);
    }
}
