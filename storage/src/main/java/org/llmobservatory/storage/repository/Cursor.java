package org.llmobservatory.storage.repository;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.zip.CRC32;
import org.llmobservatory.storage.model.SpanIds;

/**
 * A keyset position: the time and ids of the last row of a page, as an opaque base64url token. The
 * token names the listing it belongs to and carries a checksum, so a garbled, truncated or
 * hand-edited token, or one from another listing, is refused with "invalid cursor". It also carries a
 * fingerprint of the filters of its listing, so that a page asked with other filters than the page the
 * cursor came from is refused rather than answered with a mix of two listings (the window may move: a
 * listing of "the last hour" is paged through as time goes on). It is not a
 * secret: it only says where to continue, and every value in it is bound as a parameter.
 */
record Cursor(Instant time, String firstId, String secondId) {

    Cursor {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(firstId, "firstId");
        Objects.requireNonNull(secondId, "secondId");
    }

    /** A position identified by a time and one id. */
    Cursor(Instant time, String id) {
        this(time, id, "");
    }

    private static final byte VERSION = 2;
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /** Which listing a cursor belongs to. */
    enum Listing {
        TRACES, SPANS, LOGS, SESSIONS, USERS
    }

    /** A fingerprint of a listing's filters, from their values in a fixed order (nulls included). */
    static int filters(Object... values) {
        CRC32 crc = new CRC32();
        for (Object value : values) {
            Object v = value instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : value;
            crc.update(String.valueOf(v).getBytes(StandardCharsets.UTF_8));
            crc.update(0);
        }
        return (int) crc.getValue();
    }

    String encode(Listing listing, int filters) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(listing.ordinal());
            out.writeInt(filters);
            out.writeLong(time.getEpochSecond());
            out.writeInt(time.getNano());
            out.writeUTF(firstId);
            out.writeUTF(secondId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = bytes.toByteArray();
        byte[] token = Arrays.copyOf(body, body.length + 4);
        int crc = checksum(body);
        for (int i = 0; i < 4; i++) {
            token[body.length + i] = (byte) (crc >>> (24 - 8 * i));
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** Decodes a token made by {@link #encode} for the same listing, whatever its filters. */
    static Cursor decode(Listing listing, String token) {
        return read(listing, token).cursor();
    }

    /** Decodes a token made by {@link #encode} for the same listing with the same {@code filters}. */
    static Cursor decode(Listing listing, String token, int filters) {
        Read read = read(listing, token);
        if (read.filters() != filters) {
            throw new IllegalArgumentException("this cursor belongs to a page asked with other filters: send it with"
                    + " the filters of that page, or leave it out to start again");
        }
        return read.cursor();
    }

    private record Read(Cursor cursor, int filters) {
    }

    private static Read read(Listing listing, String token) {
        try {
            byte[] raw = Base64.getUrlDecoder().decode(token);
            if (raw.length < 5) {
                throw invalid();
            }
            byte[] body = Arrays.copyOf(raw, raw.length - 4);
            int crc = 0;
            for (int i = 0; i < 4; i++) {
                crc = (crc << 8) | (raw[body.length + i] & 0xff);
            }
            if (crc != checksum(body)) {
                throw invalid();
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
            if (in.readByte() != VERSION || in.readByte() != listing.ordinal()) {
                throw invalid();
            }
            int filters = in.readInt();
            Instant time = Instant.ofEpochSecond(in.readLong(), in.readInt());
            String first = in.readUTF();
            String second = in.readUTF();
            // A token with a valid checksum can still be hand-made: keep its values inside what PostgreSQL
            // accepts (no NUL in text, years 0 to 9999) so that it is refused here, not by a failing query.
            if (in.available() != 0 || time.isBefore(EARLIEST) || time.isAfter(LATEST)
                    || first.indexOf('\u0000') >= 0 || second.indexOf('\u0000') >= 0) {
                throw invalid();
            }
            return new Read(new Cursor(time, first, second), filters);
        } catch (IOException | RuntimeException e) {
            throw invalid();
        }
    }

    private static int checksum(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return (int) crc.getValue();
    }

    /** The bytes of a span or trace id this cursor holds as hex. */
    static byte[] idBytes(String hex) {
        try {
            return SpanIds.bytes(SpanIds.canonical("id", hex));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    static IllegalArgumentException invalid() {
        return new IllegalArgumentException("invalid cursor: pass back the nextCursor of a previous page unchanged");
    }
}
