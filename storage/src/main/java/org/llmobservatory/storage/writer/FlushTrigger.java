package org.llmobservatory.storage.writer;

import java.util.Locale;

/** Why a batch was flushed; the {@code trigger} metric label. */
public enum FlushTrigger {
    /** The buffer held a full batch. */
    SIZE,
    /** A free flush slot took a partial batch: at once, or after the flush interval when one is set. */
    INTERVAL,
    /** Somebody called {@code flush()}. */
    EXPLICIT,
    /** The writer is closing and drains what it holds. */
    SHUTDOWN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
