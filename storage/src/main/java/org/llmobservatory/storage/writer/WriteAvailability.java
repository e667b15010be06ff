package org.llmobservatory.storage.writer;

import java.util.Optional;
import org.llmobservatory.storage.config.WriteMethod;
import org.llmobservatory.storage.error.ErrorType;

/**
 * Whether the database is known to refuse writes right now, learnt from the writers themselves: a batch whose
 * second attempt in a row failed because the database cannot be reached, is shutting down or starting, or is out of
 * resources marks an outage; the next batch that commits, or that fails for a reason of its own, ends it. One failed
 * attempt is not enough: a single connection ended by the server (an administrator's {@code pg_terminate_backend},
 * a pooler) fails one attempt the same way, and its retry on a new connection succeeds. Ingest reads it to refuse
 * new requests at once instead of holding them until their acknowledgement deadline.
 *
 * <p>Only a batch in its retry loop marks an outage, so the state cannot outlive what proves it: while it lasts, that
 * batch keeps trying the database, and its first commit clears it.
 */
public final class WriteAvailability implements WriteObserver {

    /** Why the database refuses writes, in words a person acts on. */
    public record Outage(ErrorType type, String reason) {
    }

    private volatile Outage outage;
    /** A write failed for lack of disk since the last commit: a database lost right after is likely lost to it. */
    private volatile boolean diskFullSinceCommit;

    /** The outage in progress, or empty while writes are expected to succeed. */
    public Optional<Outage> outage() {
        return Optional.ofNullable(outage);
    }

    @Override
    public void retrying(WriterType writer, WriteMethod method, ErrorType error, int attempt, long backoffNanos) {
        if (error == ErrorType.DISK_FULL) {
            diskFullSinceCommit = true;
        }
        String reason = reason(error);
        if (reason != null && attempt >= 2) {
            outage = diskFullSinceCommit && error != ErrorType.DISK_FULL
                    // PostgreSQL stops when it cannot write its WAL: it is down because its disk is full.
                    ? new Outage(ErrorType.DISK_FULL, "the database ran out of disk space and " + reason.substring(
                            "the database ".length()))
                    : new Outage(error, reason);
        }
    }

    @Override
    public void committed(WriterType writer, WriteMethod method, int items, int inserted, int events, long nanos) {
        outage = null;
        diskFullSinceCommit = false;
    }

    @Override
    public void failed(WriterType writer, WriteMethod method, int items, ErrorType error, long nanos) {
        if (reason(error) == null) {
            // The database answered: whatever went wrong, it was not unavailable.
            outage = null;
        }
    }

    /** The words for an error that means the database cannot take writes now, or null for any other. */
    static String reason(ErrorType error) {
        return switch (error) {
            case CONNECTION, POOL_TIMEOUT -> "the database cannot be reached";
            case SHUTDOWN -> "the database is shutting down or starting up";
            case DISK_FULL -> "the database is out of disk space";
            case RESOURCES -> "the database is out of memory or connections";
            default -> null;
        };
    }
}
