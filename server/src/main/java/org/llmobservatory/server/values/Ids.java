package org.llmobservatory.server.values;

import com.google.protobuf.ByteString;
import java.util.HexFormat;

/** Trace and span ids as lower-case hex, with OpenTelemetry's validity rules. */
public final class Ids {

    public static final int TRACE_ID_BYTES = 16;
    public static final int SPAN_ID_BYTES = 8;
    private static final HexFormat HEX = HexFormat.of();

    private Ids() {
    }

    public static String hex(ByteString id) {
        return HEX.formatHex(id.toByteArray());
    }

    /** A readable id for messages: hex when it has the right length, else null. */
    public static String readable(ByteString id, int bytes) {
        return id.size() == bytes ? hex(id) : null;
    }

    /** The id in hex; rejected when it is missing, of the wrong length, or all zeros. */
    public static String required(String field, ByteString id, int bytes) {
        if (id.size() != bytes) {
            throw new Rejected(wrongLength(field, id, bytes));
        }
        if (allZero(id)) {
            throw new Rejected(field + " is all zeros, which OpenTelemetry defines as invalid");
        }
        return hex(id);
    }

    /** The id in hex, or null when it is absent or all zeros; rejected when of the wrong length. */
    public static String optional(String field, ByteString id, int bytes) {
        if (id.isEmpty() || (id.size() == bytes && allZero(id))) {
            return null;
        }
        if (id.size() != bytes) {
            throw new Rejected(wrongLength(field, id, bytes));
        }
        return hex(id);
    }

    private static String wrongLength(String field, ByteString id, int bytes) {
        return field + " must be " + bytes + " bytes (" + bytes * 2 + " hex characters), got " + id.size()
                + (id.size() == 1 ? " byte" : " bytes");
    }

    private static boolean allZero(ByteString id) {
        for (int i = 0; i < id.size(); i++) {
            if (id.byteAt(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
