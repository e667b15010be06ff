package org.llmobservatory.server.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
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
 * unchanged through both encodings, random requests of every signal through JSON however it is printed.
 */
class OtlpDecoderProperties {

    static final int TRIES = 1000;
    // Doubles read as doubles, so -0.0 and 1e-300 are written back as they were printed.
    private static final ObjectMapper TREES = JsonMapper.builder().build();

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

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
    void mutated_random_json_bodies_of_every_signal_fail_only_with_a_decode_exception(
            @ForAll TelemetrySignal signal, @ForAll long seed, @ForAll("mutations") Mutation mutation) {
        Message request = new RandomRequests(seed).request(signal, 9, 40);
        decodesOrRefuses(mutation.apply(OtlpJson.print(request).getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void valid_requests_round_trip_through_protobuf_and_json(@ForAll("requests") ExportTraceServiceRequest request) {
        assertThat(OtlpProtobuf.parseTraces(request.toByteArray())).isEqualTo(request);
        assertThat(OtlpJson.parseTraces(OtlpJson.print(request).getBytes(StandardCharsets.UTF_8))).isEqualTo(request);
    }

    /**
     * Whatever the sender's JSON printer chose (enum names or numbers, json or proto field names, spaces or
     * none) and whatever fields from a newer OTLP it added, a request of any signal decodes back to itself.
     */
    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
    void random_requests_of_every_signal_decode_to_themselves_however_they_are_printed(
            @ForAll TelemetrySignal signal, @ForAll long seed, @ForAll boolean enumsAsInts,
            @ForAll boolean protoNames, @ForAll boolean compact, @ForAll boolean unknownFields) throws IOException {
        Message request = new RandomRequests(seed).request(signal, 9, 120);
        JsonFormat.Printer printer = JsonFormat.printer();
        printer = enumsAsInts ? printer.printingEnumsAsInts() : printer;
        printer = protoNames ? printer.preservingProtoFieldNames() : printer;
        JsonNode tree = TREES.readTree(printer.print(request));
        IdFields.base64ToHex(tree);
        if (unknownFields) {
            addUnknownFields(tree, new Random(seed));
        }
        byte[] body = compact ? TREES.writeValueAsBytes(tree)
                : TREES.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree);

        Message decoded = switch (signal) {
            case TRACES -> OtlpJson.parseTraces(body);
            case LOGS -> OtlpJson.parseLogs(body);
            case METRICS -> OtlpJson.parseMetrics(body);
        };

        assertThat(decoded).isEqualTo(request);
    }

    // Every object of a printed request is a message, so a name no OTLP message has is unknown wherever it goes.
    private static void addUnknownFields(JsonNode node, Random random) {
        for (JsonNode child : node) {
            addUnknownFields(child, random);
        }
        if (node instanceof ObjectNode object && random.nextInt(3) == 0) {
            object.set("futureField" + random.nextInt(3), unknownValue(random, 3));
        }
    }

    private static JsonNode unknownValue(Random random, int depth) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (random.nextInt(depth == 0 ? 5 : 7)) {
            case 0:
                return nodes.nullNode();
            case 1:
                return nodes.booleanNode(random.nextBoolean());
            case 2:
                return nodes.numberNode(random.nextBoolean() ? random.nextLong() : random.nextGaussian() * 1e20);
            case 3:
                // An id-like or number-like string is not checked where the field is unknown.
                return nodes.textNode(random.nextBoolean() ? "not hex" : "1.5");
            case 4:
                return nodes.textNode("");
            case 5: {
                ArrayNode array = nodes.arrayNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    array.add(unknownValue(random, depth - 1));
                }
                return array;
            }
            default: {
                ObjectNode object = nodes.objectNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    object.set(random.nextBoolean() ? "spanId" : "values" + i, unknownValue(random, depth - 1));
                }
                return object;
            }
        }
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
                Arbitraries.doubles().map(Otlp::dbl),
                Arbitraries.just(-0.0).map(Otlp::dbl),
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
