package org.llmobservatory.server.ingest;

import java.util.Locale;

/** How an export request ended; the {@code outcome} label of {@code ingest_requests_total}. */
public enum IngestOutcome {
    /** Every item is committed. */
    ACCEPTED,
    /** Some items are committed, the others rejected as invalid (OTLP partial success). */
    PARTIAL,
    /** The request itself was invalid: nothing was stored. */
    REJECTED,
    /** The buffers were full: nothing was stored, the client should retry later. */
    REFUSED,
    /** Storage failed or did not confirm in time: the client should retry. */
    ERROR;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
