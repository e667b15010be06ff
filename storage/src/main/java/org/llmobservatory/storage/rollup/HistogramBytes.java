package org.llmobservatory.storage.rollup;

import java.io.ByteArrayOutputStream;

/**
 * The storage form of a {@link LatencyHistogram}: one {@code bytea} value, read without parsing text. Usage reads
 * tens of thousands of rollup rows at a time, and PostgreSQL's text form of two arrays per row (what V5 stored) cost
 * more to print, send and parse than everything else the query did.
 *
 * <p>Layout (version 1), every number an unsigned LEB128 varint (7 bits a byte, low bits first, high bit set on
 * every byte but the last):
 * <ol>
 *   <li>one byte, the version: {@value #VERSION};</li>
 *   <li>the zero count;</li>
 *   <li>the number of non-empty buckets {@code n};</li>
 *   <li>{@code n} pairs: the index step, then the bucket's count (> 0). The first step is the index minus
 *       {@link LatencyBuckets#MIN_INDEX}, each later one the index minus the previous index (> 0).</li>
 * </ol>
 * A histogram of a few dozen buckets takes about three bytes a bucket. The SQL function
 * {@code usage_latency_buckets(bytea)} (V6 migration) reads the same layout, for dashboards; a test holds the two
 * to each other.
 */
public final class HistogramBytes {

    /** The layout's version, its first byte. */
    public static final int VERSION = 1;

    private HistogramBytes() {
    }

    /** The stored form of {@code histogram}. */
    public static byte[] encode(LatencyHistogram histogram) {
        int[] indexes = histogram.indexes();
        long[] counts = histogram.counts();
        ByteArrayOutputStream out = new ByteArrayOutputStream(3 + 3 * indexes.length);
        out.write(VERSION);
        varint(out, histogram.zeroCount());
        varint(out, indexes.length);
        int previous = LatencyBuckets.MIN_INDEX;
        for (int i = 0; i < indexes.length; i++) {
            varint(out, (long) indexes[i] - previous);
            varint(out, counts[i]);
            previous = indexes[i];
        }
        return out.toByteArray();
    }

    /**
     * The histogram {@code bytes} hold.
     *
     * @throws IllegalArgumentException when they are not a histogram of this layout, naming what is wrong
     */
    public static LatencyHistogram decode(byte[] bytes) {
        Reader in = new Reader(bytes);
        int version = in.nextByte();
        if (version != VERSION) {
            throw new IllegalArgumentException("latency histogram of unknown layout version " + version
                    + " (this build reads version " + VERSION + ")");
        }
        long zeroCount = in.varint();
        long n = in.varint();
        if (n > bytes.length) {
            throw new IllegalArgumentException("latency histogram claims " + n + " buckets in " + bytes.length
                    + " bytes");
        }
        int[] indexes = new int[(int) n];
        long[] counts = new long[(int) n];
        long total = zeroCount;
        long index = LatencyBuckets.MIN_INDEX;
        for (int i = 0; i < n; i++) {
            long step = in.varint();
            if (i > 0 && step == 0) {
                throw new IllegalArgumentException("latency histogram bucket indexes must be strictly ascending,"
                        + " but bucket " + i + " repeats index " + index);
            }
            index += step;
            if (index > LatencyBuckets.MAX_INDEX) {
                throw new IllegalArgumentException("latency histogram bucket " + i + " has index " + index
                        + ", above " + LatencyBuckets.MAX_INDEX);
            }
            indexes[i] = (int) index;
            counts[i] = in.varint();
            if (counts[i] == 0) {
                throw new IllegalArgumentException("latency histogram bucket " + i + " (index " + index
                        + ") has count 0; a count must be > 0");
            }
            total = Math.addExact(total, counts[i]);
        }
        if (in.remaining() > 0) {
            throw new IllegalArgumentException("latency histogram has " + in.remaining()
                    + " bytes after its last bucket");
        }
        return LatencyHistogram.ofChecked(indexes, counts, zeroCount, total);
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("a histogram number cannot be negative: " + value);
        }
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** Reads varints from a byte array, refusing to run past its end. */
    private static final class Reader {

        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int nextByte() {
            if (position >= bytes.length) {
                throw new IllegalArgumentException("latency histogram ends early, after " + bytes.length + " bytes");
            }
            return bytes[position++] & 0xFF;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 63; shift += 7) {
                int b = nextByte();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("latency histogram holds a number longer than 63 bits");
        }

        int remaining() {
            return bytes.length - position;
        }
    }
}
