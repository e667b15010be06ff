package org.llmobservatory.storage.writer;

/** The single item given to {@code write} was refused by the database. */
public final class RejectedItemException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final transient RejectedItem rejection;

    RejectedItemException(RejectedItem rejection) {
        super("item refused by the database (" + rejection.sqlState() + "): " + rejection.message());
        this.rejection = rejection;
    }

    public RejectedItem rejection() {
        return rejection;
    }
}
