package org.llmobservatory.storage.model;

import java.util.HexFormat;
import java.util.Locale;

/**
 * Trace and span ids: the API and the {@link Span} model speak lower-case hex, as OTLP/JSON does; the {@code spans}
 * table stores the bytes, half the size in the row and in every index that holds them.
 */
public final class SpanIds {

    private static final HexFormat HEX = HexFormat.of();

    private SpanIds() {
    }

    /**
     * {@code id} in lower case, after checking that it is hex of whole bytes.
     *
     * @throws IllegalArgumentException naming {@code field} when it is not
     */
    public static String canonical(String field, String id) {
        // Every span is built through here, often more than once on its way in: a plain loop, no stream.
        boolean hex = !id.isEmpty() && id.length() % 2 == 0;
        for (int i = 0; hex && i < id.length(); i++) {
            hex = HexFormat.isHexDigit(id.charAt(i));
        }
        if (!hex) {
            throw new IllegalArgumentException(field + " must be hex digits, two per byte; got '" + shown(id) + "'");
        }
        return id.toLowerCase(Locale.ROOT);
    }

    /** The bytes of a hex id; null for null. */
    public static byte[] bytes(String hex) {
        return hex == null ? null : HEX.parseHex(hex);
    }

    /** A stored id as lower-case hex; null for null. */
    public static String hex(byte[] bytes) {
        return bytes == null ? null : HEX.formatHex(bytes);
    }

    private static String shown(String id) {
        return id.length() <= 64 ? id : id.substring(0, 64) + "...";
    }
}
