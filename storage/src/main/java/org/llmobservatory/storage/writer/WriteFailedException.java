package org.llmobservatory.storage.writer;

/** Items could not be stored: the writer was closed, or the database failed in a way retrying cannot fix. */
public final class WriteFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    WriteFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
