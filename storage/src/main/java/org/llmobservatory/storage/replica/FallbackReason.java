package org.llmobservatory.storage.replica;

import java.util.Locale;

/** Why reads left the replica for the primary: the {@code reason} label of {@code storage_read_fallbacks_total}. */
public enum FallbackReason {
    /** The replica could not be reached, refused connections or went away during a read. */
    UNREACHABLE,
    /** The replica answered but had replayed the primary's changes too late (past the allowed lag). */
    LAGGING;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
