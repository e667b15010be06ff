package org.llmobservatory.storage.query;

import org.llmobservatory.storage.error.ErrorType;

/**
 * A repository query failed in the database or on the way to it. {@link #errorType()} tells a caller
 * whether trying again later may help ({@link ErrorType#transientFailure()}).
 */
public final class StorageQueryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorType errorType;

    StorageQueryException(String method, ErrorType errorType, Throwable cause) {
        super("query " + method + " failed (" + errorType.label() + "): " + cause.getMessage(), cause);
        this.errorType = errorType;
    }

    public ErrorType errorType() {
        return errorType;
    }
}
