package org.llmobservatory.storage.error;

import java.util.Locale;

/**
 * The bounded set of storage error kinds, derived from the SQLState class of a failure. Used as the
 * {@code error_type} metric label, so it must never grow from input.
 */
public enum ErrorType {
    /** Class 08, or an I/O failure: the connection broke or could not be made. */
    CONNECTION,
    /** Class 57P0x: the server is shutting down or starting up. */
    SHUTDOWN,
    /** Class 40: serialization failure or deadlock; the transaction may simply be run again. */
    SERIALIZATION,
    /** 57014: statement timeout or cancellation. */
    TIMEOUT,
    /** 53100: the server could not extend a file because its disk is full. */
    DISK_FULL,
    /** The rest of class 53: out of memory or connections on the server. */
    RESOURCES,
    /** Class 55: lock not available or object in use. */
    LOCK,
    /** Class 22: a value the column cannot hold (bad text encoding, out-of-range number, bad JSON). */
    DATA,
    /** Class 23: a constraint was violated. */
    CONSTRAINT,
    /** Class 42: an invalid statement or a missing table; a bug or a schema that is not migrated. */
    SYNTAX,
    /** Class 28: authentication failed. */
    AUTHENTICATION,
    /** A connection could not be taken from the pool in time. */
    POOL_TIMEOUT,
    /** Anything else. */
    OTHER;

    /** Lower-case label value. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for failures that may go away when the same work is tried again later. */
    public boolean transientFailure() {
        return switch (this) {
            case CONNECTION, SHUTDOWN, SERIALIZATION, TIMEOUT, DISK_FULL, RESOURCES, LOCK, POOL_TIMEOUT -> true;
            default -> false;
        };
    }
}
