package org.llmobservatory.storage.rollup;

import java.util.Locale;

/** The parts of a maintenance round, each of which can fail on its own: the bounded values of the {@code stage} label. */
public enum RollupStage {
    /** Folding the deltas of committed batches into the rollups. */
    FOLD,
    /** Rebuilding one day of a range waiting for a rebuild. */
    REBUILD,
    /** Dropping rollups older than their retention. */
    RETENTION;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
