package org.llmobservatory.storage.writer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer speaking PostgreSQL's binary COPY format: header, rows of length-prefixed
 * fields, trailer. All integers are big-endian, as the format requires.
 */
final class CopyBuffer {

    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0,
        0, 0, 0, 0, // flags
        0, 0, 0, 0}; // header extension length

    private byte[] bytes;
    private int size;

    CopyBuffer(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    void header() {
        put(HEADER, 0, HEADER.length);
    }

    void trailer() {
        putShort((short) -1);
    }

    void startRow(int fields) {
        putShort((short) fields);
    }

    void nullField() {
        putInt(-1);
    }

    void putShort(short v) {
        ensure(2);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
    }

    void putInt(int v) {
        ensure(4);
        bytes[size++] = (byte) (v >>> 24);
        bytes[size++] = (byte) (v >>> 16);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
    }

    void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }

    void put(byte[] src, int offset, int length) {
        ensure(length);
        System.arraycopy(src, offset, bytes, size, length);
        size += length;
    }

    /** A text field: its UTF-8 length, then the bytes. */
    void text(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        putInt(utf8.length);
        put(utf8, 0, utf8.length);
    }

    /** A jsonb field: version byte 1, then the JSON text. */
    void jsonb(String json) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        putInt(utf8.length + 1);
        ensure(1);
        bytes[size++] = 1;
        put(utf8, 0, utf8.length);
    }

    byte[] array() {
        return bytes;
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
