package org.llmobservatory.server.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Random OTLP export requests filled from the descriptors: every field of every message of the request
 * may be set, with edge values (uint64 above Long.MAX_VALUE, NaN, -0.0, enum numbers OTLP does not name,
 * NUL and emoji in text), so a decoder is tried on what the schema allows rather than on what a test
 * writer thought of.
 */
final class RandomRequests {

    private static final double[] DOUBLES = {0.0, -0.0, 1.0, -1.5, 0.2, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300, 1.7e18};
    private static final long[] LONGS = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1_700_000_000_123_456_789L,
        Integer.MAX_VALUE, Integer.MIN_VALUE, 0xFFFF_FFFFL, 1L << 53, (1L << 53) + 1};
    private static final String[] TEXTS = {"", "gen_ai.usage.input_tokens", "a\u0000b", "\uD83D\uDE00", "é",
        "quote \" and backslash \\", "line\nbreak\ttab", "\u2028", "</script>"};

    private final Random random;
    private int messagesLeft;

    RandomRequests(long seed) {
        this.random = new Random(seed);
    }

    /**
     * A request of the signal's type, nested at most {@code depth} messages below the root and holding at
     * most {@code messages} messages, which keeps requests small while fields are set in random order.
     */
    Message request(TelemetrySignal signal, int depth, int messages) {
        messagesLeft = messages;
        Message.Builder builder = switch (signal) {
            case TRACES -> io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.newBuilder();
            case LOGS -> io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest.newBuilder();
            case METRICS -> io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest.newBuilder();
        };
        return fill(builder, depth).build();
    }

    private Message.Builder fill(Message.Builder builder, int depth) {
        List<FieldDescriptor> fields = new ArrayList<>(builder.getDescriptorForType().getFields());
        Collections.shuffle(fields, random);
        for (FieldDescriptor field : fields) {
            OneofDescriptor oneof = field.getRealContainingOneof();
            boolean message = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
            if (message && (depth == 0 || messagesLeft <= 0) || oneof != null && builder.hasOneof(oneof)
                    || random.nextInt(message ? 10 : 4) == 0) {
                continue;
            }
            if (field.isRepeated()) {
                int count = 1 + random.nextInt(3);
                for (int i = 0; i < count && (!message || messagesLeft > 0); i++) {
                    builder.addRepeatedField(field, value(builder, field, depth));
                }
            } else {
                builder.setField(field, value(builder, field, depth));
            }
        }
        return builder;
    }

    private Object value(Message.Builder parent, FieldDescriptor field, int depth) {
        return switch (field.getJavaType()) {
            case MESSAGE -> {
                messagesLeft--;
                yield fill(parent.newBuilderForField(field), depth - 1).build();
            }
            case STRING -> text();
            case BOOLEAN -> random.nextBoolean();
            case INT -> (int) someLong();
            case LONG -> someLong();
            case DOUBLE -> random.nextBoolean() ? pick(DOUBLES) : Double.longBitsToDouble(random.nextLong());
            case FLOAT -> random.nextBoolean() ? (float) pick(DOUBLES) : Float.intBitsToFloat(random.nextInt());
            case BYTE_STRING -> bytes(IdFields.hexIdBytes(field));
            case ENUM -> enumValue(field.getEnumType());
        };
    }

    private long someLong() {
        return switch (random.nextInt(3)) {
            case 0 -> LONGS[random.nextInt(LONGS.length)];
            case 1 -> random.nextInt(1000);
            default -> random.nextLong();
        };
    }

    private String text() {
        if (random.nextBoolean()) {
            return TEXTS[random.nextInt(TEXTS.length)];
        }
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            char c = (char) random.nextInt(0x10000);
            text.append(Character.isSurrogate(c) ? 'x' : c);
        }
        return text.toString();
    }

    private ByteString bytes(int idBytes) {
        byte[] bytes = new byte[idBytes > 0 ? (random.nextInt(4) == 0 ? 0 : idBytes) : random.nextInt(9)];
        random.nextBytes(bytes);
        return ByteString.copyFrom(bytes);
    }

    private Object enumValue(EnumDescriptor type) {
        List<?> values = type.getValues();
        return random.nextInt(5) == 0 ? type.findValueByNumberCreatingIfUnknown(100 + random.nextInt(1000))
                : values.get(random.nextInt(values.size()));
    }

    private double pick(double[] values) {
        return values[random.nextInt(values.length)];
    }
}
