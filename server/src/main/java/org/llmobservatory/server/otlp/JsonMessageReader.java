package org.llmobservatory.server.otlp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.io.IOException;
import java.util.Set;

/**
 * Reads an OTLP/JSON object straight into a protobuf builder in one pass over the parser's tokens, field
 * by field as the message's descriptor says, with no JSON tree in between. Fields this version of OTLP
 * does not know are skipped whatever their shape, as OTLP requires of receivers.
 */
final class JsonMessageReader {

    /** As protobuf's own parsers: a request nested deeper than this is refused rather than risking the stack. */
    static final int MAX_DEPTH = 100;

    private final JsonParser parser;
    private final JsonPosition position;
    private final JsonFieldReader scalars;
    private int depth;

    JsonMessageReader(JsonParser parser, String signalLabel) {
        this.parser = parser;
        this.position = new JsonPosition(parser, signalLabel);
        this.scalars = new JsonFieldReader(parser, position);
    }

    /**
     * Reads the object whose START_OBJECT is the current token, up to its END_OBJECT, into {@code builder}.
     * Adds every name the object has, known or not, to {@code names} unless that is null.
     */
    void readObject(MessageFields type, Message.Builder builder, Set<String> names) throws IOException {
        if (++depth > MAX_DEPTH) {
            throw position.refuse("nested more than " + MAX_DEPTH + " messages deep");
        }
        // Which fields this object has named, and how: see FieldsGiven.
        FieldsGiven given = new FieldsGiven(position, type.fieldCount());
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            if (names != null) {
                names.add(name);
            }
            JsonToken token = parser.nextToken();
            MessageFields.JsonField field = type.field(name);
            if (field == null) {
                parser.skipChildren();
                continue;
            }
            if (!given.firstMention(field)) {
                // The same name again: the last one counts, as in a JSON tree.
                builder.clearField(field.descriptor);
            }
            if (token != JsonToken.VALUE_NULL) {
                given.rejectOtherOneofMember(field);
                readField(field, token, builder);
            }
        }
        depth--;
    }

    private void readField(MessageFields.JsonField field, JsonToken token, Message.Builder builder)
            throws IOException {
        FieldDescriptor descriptor = field.descriptor;
        if (descriptor.isRepeated()) {
            readArray(field, token, builder);
        } else if (field.type != null) {
            builder.setField(descriptor, readMessage(field, token, builder));
        } else {
            Object value = scalars.read(field);
            if (value != null) {
                builder.setField(descriptor, value);
            }
        }
    }

    private void readArray(MessageFields.JsonField field, JsonToken token, Message.Builder builder)
            throws IOException {
        if (token != JsonToken.START_ARRAY) {
            throw position.refuse("expected an array, got " + JsonPosition.kindOf(token));
        }
        for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
            if (element == JsonToken.VALUE_NULL) {
                throw position.refuse("an array element cannot be null");
            }
            Object value = field.type != null ? readMessage(field, element, builder) : scalars.read(field);
            if (value != null) {
                builder.addRepeatedField(field.descriptor, value);
            }
        }
    }

    private Message readMessage(MessageFields.JsonField field, JsonToken token, Message.Builder parent)
            throws IOException {
        if (token != JsonToken.START_OBJECT) {
            throw position.refuse("expected an object, got " + JsonPosition.kindOf(token));
        }
        Message prototype = field.prototype;
        if (prototype == null) {
            prototype = parent.newBuilderForField(field.descriptor).getDefaultInstanceForType();
            field.prototype = prototype;
        }
        Message.Builder builder = prototype.newBuilderForType();
        readObject(field.type, builder, null);
        return builder.build();
    }
}
