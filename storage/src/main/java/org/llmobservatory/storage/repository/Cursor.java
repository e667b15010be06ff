package org.llmobservatory.storage.repository;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.zip.CRC32;
import org.llmobservatory.storage.model.SpanIds;

/**
 * A keyset position: the time and ids of the last row of a page, as an opaque base64url token. The
 * token names the listing it belongs to and carries a checksum, so a garbled, truncated or
 * hand-edited token, or one from another listing, is refused with "invalid cursor". It is not a
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

    private static final byte VERSION = 1;
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /** Which listing a cursor belongs to. */
    enum Listing {
        TRACES, SPANS, LOGS
    }

    String encode(Listing listing) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(listing.ordinal());
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

    /** Decodes a token made by {@link #encode} for the same listing. */
    static Cursor decode(Listing listing, String token) {
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
            Instant time = Instant.ofEpochSecond(in.readLong(), in.readInt());
            String first = in.readUTF();
            String second = in.readUTF();
            // A token with a valid checksum can still be hand-made: keep its values inside what PostgreSQL
            // accepts (no NUL in text, years 0 to 9999) so that it is refused here, not by a failing query.
            if (in.available() != 0 || time.isBefore(EARLIEST) || time.isAfter(LATEST)
                    || first.indexOf('\u0000') >= 0 || second.indexOf('\u0000') >= 0) {
                throw invalid();
            }
            return new Cursor(time, first, second);
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
