package org.llmobservatory.server.ingest;

import org.llmobservatory.server.otlp.TelemetrySignal;

/** Hears how each export request ended. Methods default to nothing; {@link #NONE} listens to nothing. */
public interface IngestObserver {

    IngestObserver NONE = new IngestObserver() {
    };

    /**
     * One export request ended: {@code accepted} items are committed, {@code rejected} were invalid,
     * {@code refused} were turned away because the buffers were full or storage failed.
     */
    default void requestEnded(TelemetrySignal signal, Protocol protocol, IngestOutcome outcome, int accepted,
            int rejected, int refused) {
    }
}
