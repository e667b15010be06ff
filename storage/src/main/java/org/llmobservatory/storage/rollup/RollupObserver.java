package org.llmobservatory.storage.rollup;

/**
 * Hears what {@link RollupMaintenance} does. Every method defaults to nothing and {@link #NONE} is installed when
 * nobody listens. Calls come from the maintenance thread (and from callers of {@code foldAll}); implementations must
 * be thread-safe and quick.
 */
public interface RollupObserver {

    RollupObserver NONE = new RollupObserver() {
    };

    /** Maintenance started; {@code backlog} reads how far the rollups are behind at any moment. */
    default void maintenanceOpened(RollupBacklog backlog) {
    }

    /** The maintenance that reported {@code backlog} when it opened has closed. */
    default void maintenanceClosed(RollupBacklog backlog) {
    }

    /** One fold transaction committed {@code deltas} deltas (none when there were none) in {@code nanos}. */
    default void deltasFolded(int deltas, long nanos) {
    }

    /** Retention deleted {@code rows} rollup rows. */
    default void rowsDropped(int rows) {
    }

    /** A maintenance round failed in {@code stage}; the next round tries again. */
    default void maintenanceFailed(RollupStage stage) {
    }
}
