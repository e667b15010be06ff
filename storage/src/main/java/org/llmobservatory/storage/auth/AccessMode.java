package org.llmobservatory.storage.auth;

import java.util.Locale;

/** Whether requests need an API key: the one fact every receiver and the query API decide access by. */
public enum AccessMode {
    /** No key is checked; every request acts for the {@code default} project. */
    OPEN,
    /** Every request needs an active key and acts for its key's project; with no active key, all are refused. */
    KEYS;

    /** The value stored in {@code access_mode.mode}. */
    String stored() {
        return name().toLowerCase(Locale.ROOT);
    }

    static AccessMode fromStored(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
