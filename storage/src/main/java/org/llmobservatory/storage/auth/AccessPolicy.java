package org.llmobservatory.storage.auth;

import java.util.Locale;

/**
 * What the operator set with {@code OBSERVATORY_AUTH}: {@link #AUTO} follows the mode kept in the database (open
 * until the first key is created, keyed from then on until {@code observatory access open}); {@link #KEYS}
 * requires a key whatever the database says, from the very first request.
 */
public enum AccessPolicy {
    AUTO,
    KEYS;

    public static final String VARIABLE = "OBSERVATORY_AUTH";

    /**
     * Reads the variable's value; unset or blank is {@link #AUTO}.
     *
     * @throws IllegalArgumentException naming the variable and its values
     */
    public static AccessPolicy parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "keys" -> KEYS;
            case "open" -> throw new IllegalArgumentException(VARIABLE + " must be auto or keys, got: open. A service"
                    + " is open only while it has never had a key, or after 'observatory access open'");
            default -> throw new IllegalArgumentException(VARIABLE + " must be auto (open until the first API key is"
                    + " created) or keys (a key is always required), got: " + value);
        };
    }
}
