package org.llmobservatory.server.ingest;

import java.io.IOException;

/**
 * The body of an export request, as its transport holds it: read only once the request is admitted, so that a
 * refused request costs no decompression and no decoding.
 */
interface RequestPayload {

    /**
     * The body's bytes, decompressed.
     *
     * @throws RequestBody.TooLargeException when it passes the size limit
     * @throws RequestBody.UnsupportedEncodingException when it is compressed in a way the receiver does not read
     * @throws org.llmobservatory.server.otlp.OtlpDecodeException when its compression is corrupt
     * @throws IOException when the client stopped sending it
     */
    byte[] read() throws IOException;

    /** Reads and drops what the client is still sending of a body that will not be used. */
    void discard() throws IOException;

    /** A body already in memory (gRPC hands over whole, decompressed messages). */
    static RequestPayload of(byte[] bytes) {
        return new RequestPayload() {
            @Override
            public byte[] read() {
                return bytes;
            }

            @Override
            public void discard() {
            }
        };
    }
}
