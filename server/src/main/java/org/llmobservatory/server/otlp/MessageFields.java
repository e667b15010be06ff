package org.llmobservatory.server.otlp;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fields of one protobuf message type under every name OTLP/JSON may give them (the lowerCamelCase
 * JSON name and the original proto name), linked to the fields of their nested message types. Built once
 * per request type from its descriptors, so the decoder looks a name up in a map instead of searching.
 */
final class MessageFields {

    private static final Map<Descriptor, MessageFields> BY_REQUEST_TYPE = new ConcurrentHashMap<>();

    /** One field as a JSON object names it. */
    static final class JsonField {
        final FieldDescriptor descriptor;
        /** True when this name is the proto name and differs from the JSON name. */
        final boolean protoName;
        /** 16 or 8 for a trace or span id (written in hex), 0 for any other field. */
        final int hexIdBytes;
        /** The indexes of the other members of the field's oneof: at most one of them may have a value. */
        final int[] rivals;
        /** The fields of the message type, for a message field; linked once the whole graph is built. */
        MessageFields type;
        /**
         * The generated default instance of the message type, known from the first builder that reads this
         * field: new builders come from it directly, where {@code newBuilderForField} goes through reflection.
         * Set without a lock: every thread would set the same immutable instance.
         */
        Message prototype;

        private JsonField(FieldDescriptor descriptor, boolean protoName) {
            this.descriptor = descriptor;
            this.protoName = protoName;
            this.hexIdBytes = IdFields.hexIdBytes(descriptor);
            OneofDescriptor oneof = descriptor.getRealContainingOneof();
            this.rivals = oneof == null ? new int[0] : oneof.getFields().stream()
                    .filter(member -> member != descriptor).mapToInt(FieldDescriptor::getIndex).toArray();
        }
    }

    private final int fieldCount;
    private final Map<String, JsonField> byName = new HashMap<>();

    private MessageFields(Descriptor type) {
        this.fieldCount = type.getFields().size();
        for (FieldDescriptor field : type.getFields()) {
            if (field.isMapField() || field.getType() == FieldDescriptor.Type.GROUP
                    || field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                    && field.getMessageType().getFile().getPackage().equals("google.protobuf")) {
                // OTLP has none of these; their JSON forms (objects for maps, strings for timestamps...) differ.
                throw new IllegalArgumentException("the OTLP/JSON decoder does not read " + field.getFullName());
            }
            // Interned as the parser interns the names it reads, so a lookup matches on identity.
            byName.put(field.getJsonName().intern(), new JsonField(field, false));
        }
        for (FieldDescriptor field : type.getFields()) {
            byName.putIfAbsent(field.getName().intern(), new JsonField(field, true));
        }
    }

    /** The fields of {@code requestType} and, through {@link JsonField#type}, of every message it contains. */
    static MessageFields of(Descriptor requestType) {
        return BY_REQUEST_TYPE.computeIfAbsent(requestType, MessageFields::graph);
    }

    /** The field this name means, or null for a field this version of OTLP does not know. */
    JsonField field(String name) {
        return byName.get(name);
    }

    int fieldCount() {
        return fieldCount;
    }

    // OTLP's messages nest recursively (AnyValue holds arrays and lists of AnyValue), so every type is
    // built first and linked after.
    private static MessageFields graph(Descriptor root) {
        Map<Descriptor, MessageFields> built = new HashMap<>();
        Deque<Descriptor> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Descriptor type = pending.pop();
            if (built.containsKey(type)) {
                continue;
            }
            built.put(type, new MessageFields(type));
            for (FieldDescriptor field : type.getFields()) {
                if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                    pending.push(field.getMessageType());
                }
            }
        }
        for (MessageFields fields : built.values()) {
            for (JsonField field : fields.byName.values()) {
                if (field.descriptor.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                    field.type = built.get(field.descriptor.getMessageType());
                }
            }
        }
        return built.get(root);
    }
}
