package org.llmobservatory.server.ingest;

/**
 * An export request that stored nothing and should be sent again later: the buffers are full
 * ({@link IngestOutcome#REFUSED}) or storage failed or did not confirm in time ({@link IngestOutcome#ERROR}).
 */
public final class IngestException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final IngestOutcome outcome;
    private final int retryAfterSeconds;

    IngestException(IngestOutcome outcome, String message, int retryAfterSeconds, Throwable cause) {
        super(message, cause, false, false);
        this.outcome = outcome;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public IngestOutcome outcome() {
        return outcome;
    }

    /** Seconds the client should wait before sending again. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
