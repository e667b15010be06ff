package org.llmobservatory.server.otlp;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;

/**
 * The fields one JSON object has named so far, so that a repeated name replaces the earlier value (as in
 * a JSON tree, where the last one counts), while the same field under both its names, or two members of
 * one oneof, is refused as JsonFormat refuses it: which one the sender meant is anyone's guess.
 */
final class FieldsGiven {

    private final JsonPosition position;
    private final int words;
    // Three bit sets over the field indexes, one after the other: named by the JSON name, named by the
    // proto name, and holding a value (not null).
    private final long[] bits;

    FieldsGiven(JsonPosition position, int fieldCount) {
        this.position = position;
        this.words = (fieldCount + 63) >>> 6;
        this.bits = new long[3 * words];
    }

    /** Notes the field as named; false when this name was already given in the object. */
    boolean firstMention(MessageFields.JsonField field) {
        int index = field.descriptor.getIndex();
        int word = index >>> 6;
        long bit = 1L << index;
        if ((bits[word + (field.protoName ? 0 : words)] & bit) != 0) {
            throw position.refuse("the field is given twice, as " + field.descriptor.getJsonName() + " and as "
                    + field.descriptor.getName());
        }
        int mine = word + (field.protoName ? words : 0);
        boolean first = (bits[mine] & bit) == 0;
        bits[mine] |= bit;
        bits[word + 2 * words] &= ~bit;
        return first;
    }

    /** Notes that the field has a value, refusing it when another member of its oneof has one. */
    void rejectOtherOneofMember(MessageFields.JsonField field) {
        FieldDescriptor descriptor = field.descriptor;
        for (int rival : field.rivals) {
            if (hasValue(rival)) {
                OneofDescriptor oneof = descriptor.getRealContainingOneof();
                throw position.refuse("cannot be given with " + oneof.getContainingType().getFields().get(rival)
                        .getJsonName() + " (only one of " + names(oneof) + ")");
            }
        }
        bits[(descriptor.getIndex() >>> 6) + 2 * words] |= 1L << descriptor.getIndex();
    }

    private boolean hasValue(int index) {
        return (bits[(index >>> 6) + 2 * words] & (1L << index)) != 0;
    }

    private static String names(OneofDescriptor oneof) {
        StringBuilder names = new StringBuilder();
        for (FieldDescriptor member : oneof.getFields()) {
            names.append(names.isEmpty() ? "" : ", ").append(member.getJsonName());
        }
        return names.toString();
    }
}
