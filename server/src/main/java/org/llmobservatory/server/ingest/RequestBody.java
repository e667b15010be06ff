package org.llmobservatory.server.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.llmobservatory.server.otlp.OtlpDecodeException;

/**
 * Reads a request body, gunzipping it when it says so, and stops as soon as it passes the limit: a
 * body is never held whole when it is too large, and a small gzip bomb cannot inflate past the limit.
 */
final class RequestBody {

    private RequestBody() {
    }

    /** Thrown when a body, after decompression, is larger than allowed. */
    static final class TooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long limit) {
            super("request body is larger than " + limit + " bytes after decompression", null, false, false);
        }
    }

    static byte[] read(InputStream raw, String contentEncoding, long limit) throws IOException {
        InputStream in = raw;
        if (contentEncoding != null && !contentEncoding.isBlank() && !contentEncoding.equalsIgnoreCase("identity")) {
            if (!contentEncoding.strip().equalsIgnoreCase("gzip")) {
                throw new UnsupportedEncodingException(contentEncoding.strip());
            }
            try {
                in = new GZIPInputStream(raw, 16 * 1024);
            } catch (ZipException e) {
                throw new OtlpDecodeException("the body is marked gzip but is not gzip data", e);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 * 1024);
        byte[] chunk = new byte[16 * 1024];
        long total = 0;
        try {
            for (int n; (n = in.read(chunk)) > 0; ) {
                total += n;
                if (total > limit) {
                    throw new TooLargeException(limit);
                }
                out.write(chunk, 0, n);
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new OtlpDecodeException("the gzip body is corrupt or truncated", e);
        }
        return out.toByteArray();
    }

    /** A Content-Encoding other than gzip or identity. */
    static final class UnsupportedEncodingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsupportedEncodingException(String encoding) {
            super("unsupported Content-Encoding '" + encoding + "': send gzip or no encoding", null, false, false);
        }
    }
}
