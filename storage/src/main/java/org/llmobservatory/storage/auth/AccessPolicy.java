package org.llmobservatory.storage.auth;

/**
 * What the operator set with {@code OBSERVATORY_AUTH}: {@link #AUTO} follows the mode kept in the database (open
 * until the first key is created, keyed from then on until {@code observatory access open}); {@link #KEYS}
 * requires a key whatever the database says, from the very first request.
 */
public enum AccessPolicy {
    AUTO,
    KEYS
}
