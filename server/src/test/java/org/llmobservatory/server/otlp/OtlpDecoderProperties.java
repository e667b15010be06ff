package org.llmobservatory.server.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.Size;
import org.llmobservatory.server.support.Otlp;

/**
 * The OTLP decoders under fuzzing: whatever bytes arrive, the only failure is an
 * {@link OtlpDecodeException} (which the HTTP layer answers with 400), and valid requests come back
 * unchanged through both encodings.
 */
class OtlpDecoderProperties {

    static final int TRIES = 1000;
    private static final long NEGATIVE_ZERO = Double.doubleToRawLongBits(-0.0);

    private static final List<Function<byte[], Object>> DECODERS = List.of(
            OtlpProtobuf::parseTraces, OtlpProtobuf::parseLogs, OtlpProtobuf::parseMetrics,
            OtlpJson::parseTraces, OtlpJson::parseLogs, OtlpJson::parseMetrics);

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void arbitrary_bytes_fail_only_with_a_decode_exception(@ForAll @Size(max = 600) byte[] body) {
        decodesOrRefuses(body);
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void mutated_valid_protobuf_bodies_fail_only_with_a_decode_exception(
            @ForAll("requests") ExportTraceServiceRequest request, @ForAll("mutations") Mutation mutation) {
        decodesOrRefuses(mutation.apply(request.toByteArray()));
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void mutated_valid_json_bodies_fail_only_with_a_decode_exception(
            @ForAll("requests") ExportTraceServiceRequest request, @ForAll("mutations") Mutation mutation) {
        decodesOrRefuses(mutation.apply(OtlpJson.print(request).getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void valid_requests_round_trip_through_protobuf_and_json(@ForAll("requests") ExportTraceServiceRequest request) {
        assertThat(OtlpProtobuf.parseTraces(request.toByteArray())).isEqualTo(request);
        assertThat(OtlpJson.parseTraces(OtlpJson.print(request).getBytes(StandardCharsets.UTF_8))).isEqualTo(request);
    }

    private static void decodesOrRefuses(byte[] body) {
        for (Function<byte[], Object> decoder : DECODERS) {
            try {
                decoder.apply(body);
            } catch (OtlpDecodeException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }

    /** A change to a body: flip, overwrite, insert or delete bytes, or cut it short. */
    record Mutation(String kind, int position, int value, int length) {
        byte[] apply(byte[] body) {
            if (body.length == 0) {
                return new byte[] {(byte) value};
            }
            int at = Math.floorMod(position, body.length);
            return switch (kind) {
                case "flip" -> {
                    byte[] out = body.clone();
                    out[at] ^= (byte) (1 << (value & 7));
                    yield out;
                }
                case "set" -> {
                    byte[] out = body.clone();
                    for (int i = at; i < Math.min(body.length, at + length); i++) {
                        out[i] = (byte) value;
                    }
                    yield out;
                }
                case "insert" -> {
                    byte[] out = new byte[body.length + length];
                    System.arraycopy(body, 0, out, 0, at);
                    Arrays.fill(out, at, at + length, (byte) value);
                    System.arraycopy(body, at, out, at + length, body.length - at);
                    yield out;
                }
                case "delete" -> {
                    int end = Math.min(body.length, at + length);
                    byte[] out = new byte[body.length - (end - at)];
                    System.arraycopy(body, 0, out, 0, at);
                    System.arraycopy(body, end, out, at, body.length - end);
                    yield out;
                }
                default -> Arrays.copyOf(body, at);
            };
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(Arbitraries.of("flip", "set", "insert", "delete", "truncate"),
                Arbitraries.integers().between(0, 100_000), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(1, 8)).as(Mutation::new);
    }

    @Provide
    Arbitrary<ExportTraceServiceRequest> requests() {
        Arbitrary<Span> span = Combinators.combine(
                bytes(16), bytes(8), text(), Arbitraries.integers().between(0, 5), Arbitraries.longs(),
                Arbitraries.longs(), keyValues(2), text()).as((trace, id, name, kind, start, end, attributes, message) ->
                Span.newBuilder().setTraceId(trace).setSpanId(id).setName(name).setKindValue(kind)
                        .setStartTimeUnixNano(start).setEndTimeUnixNano(end).addAllAttributes(attributes)
                        .setStatus(Status.newBuilder().setMessage(message).setCodeValue(Math.floorMod(kind, 3)))
                        .build());
        return Combinators.combine(keyValues(1), span.list().ofMaxSize(3)).as((resource, spans) ->
                ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder().addAllAttributes(resource))
                        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans))).build());
    }

    private static Arbitrary<ByteString> bytes(int n) {
        return Arbitraries.bytes().array(byte[].class).ofSize(n).map(ByteString::copyFrom);
    }

    /** Well-formed text (protobuf cannot carry an unpaired surrogate), NUL and controls included. */
    static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFD').ofMaxLength(24),
                Arbitraries.of("", "gen_ai.usage.input_tokens", "a\u0000b", "\uD83D\uDE00", "é", "llm.cost.total"));
    }

    private static Arbitrary<List<KeyValue>> keyValues(int depth) {
        return Combinators.combine(text(), value(depth)).as((k, v) -> KeyValue.newBuilder().setKey(k).setValue(v)
                .build()).list().ofMaxSize(4);
    }

    private static Arbitrary<AnyValue> value(int depth) {
        Arbitrary<AnyValue> scalar = Arbitraries.oneOf(
                text().map(s -> AnyValue.newBuilder().setStringValue(s).build()),
                Arbitraries.longs().map(Otlp::integer),
                // -0.0 comes back from JSON as 0.0: the tree keeps floats as BigDecimal so that 19-digit times stay
                // exact, and BigDecimal has no negative zero. Storage cannot tell them apart either (jsonb numbers).
                Arbitraries.doubles().filter(d -> Double.doubleToRawLongBits(d) != NEGATIVE_ZERO).map(Otlp::dbl),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY).map(Otlp::dbl),
                Arbitraries.of(true, false).map(Otlp::bool),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(8)
                        .map(b -> AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(b)).build()),
                Arbitraries.just(AnyValue.getDefaultInstance()));
        if (depth == 0) {
            return scalar;
        }
        return Arbitraries.oneOf(scalar,
                value(depth - 1).list().ofMaxSize(3).map(values -> AnyValue.newBuilder()
                        .setArrayValue(ArrayValue.newBuilder().addAllValues(values)).build()),
                keyValues(depth - 1).map(kvs -> AnyValue.newBuilder()
                        .setKvlistValue(KeyValueList.newBuilder().addAllValues(kvs)).build()));
    }
}
