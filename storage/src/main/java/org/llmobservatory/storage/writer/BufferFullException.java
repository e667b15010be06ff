package org.llmobservatory.storage.writer;

/** The writer's buffer cannot take the items now; the caller should retry later (HTTP 503, gRPC UNAVAILABLE). */
public final class BufferFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BufferFullException(WriterType writer, int requested, int buffered, int capacity) {
        super(writer.label() + " writer buffer is full: " + requested + " items refused with " + buffered + " of "
                + capacity + " buffered; retry later", null, false, false);
    }
}
