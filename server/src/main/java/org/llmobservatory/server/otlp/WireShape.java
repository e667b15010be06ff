package org.llmobservatory.server.otlp;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

/**
 * Spots a protobuf body that decoded as the wrong export request. The three requests share their outer
 * shape (resource, scope, items), so a logs body parsed as traces often succeeds; but then a field the
 * schema knows arrives with another wire type (a log record's fixed64 time where a span has its bytes
 * trace id), and protobuf files it as an unknown field. A correct sender never produces that.
 */
final class WireShape {

    // request -> resource level -> scope level -> items (spans, log records, metrics)
    private static final int ITEM_DEPTH = 3;

    private WireShape() {
    }

    /** The first field with a wrong wire type, described with its path; null when the shape fits. */
    static String firstMismatch(Message request) {
        return mismatch(request, "", ITEM_DEPTH);
    }

    /** Number of items (spans, log records, metrics) in a request. */
    static int items(Message request) {
        return count(request, ITEM_DEPTH);
    }

    private static String mismatch(Message message, String path, int depth) {
        for (int number : message.getUnknownFields().asMap().keySet()) {
            FieldDescriptor known = message.getDescriptorForType().findFieldByNumber(number);
            if (known != null) {
                return (path.isEmpty() ? "" : path + ": ") + "field " + number + " (" + known.getJsonName()
                        + ") has the wrong wire type";
            }
        }
        if (depth == 0) {
            return null;
        }
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE || !field.isRepeated()) {
                continue;
            }
            for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
                String at = (path.isEmpty() ? "" : path + ".") + field.getJsonName() + "[" + i + "]";
                String found = mismatch((Message) message.getRepeatedField(field, i), at, depth - 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static int count(Message message, int depth) {
        int total = 0;
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE || !field.isRepeated()) {
                continue;
            }
            int n = message.getRepeatedFieldCount(field);
            if (depth == 1) {
                total += n;
            } else {
                for (int i = 0; i < n; i++) {
                    total += count((Message) message.getRepeatedField(field, i), depth - 1);
                }
            }
        }
        return total;
    }
}
