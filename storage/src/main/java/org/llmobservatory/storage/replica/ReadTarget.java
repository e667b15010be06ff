package org.llmobservatory.storage.replica;

import java.util.Locale;

/** Where a read went: the {@code target} label of {@code storage_reads_total} and the {@code X-Read-From} header. */
public enum ReadTarget {
    PRIMARY,
    REPLICA;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
