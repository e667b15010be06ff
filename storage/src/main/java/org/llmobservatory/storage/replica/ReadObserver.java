package org.llmobservatory.storage.replica;

import java.util.function.Supplier;

/** Hears where the query reads go; the metrics module turns it into the {@code storage_read*} meters. */
public interface ReadObserver {

    ReadObserver NONE = new ReadObserver() {
    };

    /** A read took a connection of {@code target}. */
    default void read(ReadTarget target) {
    }

    /** Reads left the replica for the primary, for {@code reason}; heard once per switch. */
    default void fellBack(FallbackReason reason) {
    }

    /** A replica is configured; {@code status} gives its last probe's outcome from now on. */
    default void replicaWatched(Supplier<ReplicaStatus> status) {
    }
}
