package org.llmobservatory.server.otlp;

/**
 * A request body that cannot be decoded as the OTLP message it should be. The message is written for
 * the sender and names the signal and, where known, the field; the HTTP layer answers 400 with it.
 */
public final class OtlpDecodeException extends RuntimeException {

    public OtlpDecodeException(String message) {
        super(message);
    }

    public OtlpDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
