package org.llmobservatory.storage.replica;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the last probe of the read replica found.
 *
 * @param reachable  whether it answered
 * @param lag        its replay lag: how far behind the primary its data was (zero once it has replayed every change
 *                   it received, and for a database not in recovery); zero when unreachable
 * @param standby    whether it is a standby in recovery (a primary given as read URL reads with no lag)
 * @param error      why it could not be reached
 * @param probedAt   when the probe ran (before the first: when the replica was set up)
 * @param readsFrom  where reads go since this probe
 */
public record ReplicaStatus(boolean reachable, Duration lag, boolean standby, Optional<String> error, Instant probedAt,
        ReadTarget readsFrom) {

    /** Before the first probe, as of {@code now}: reads stay on the primary. */
    static ReplicaStatus unknown(Instant now) {
        return new ReplicaStatus(false, Duration.ZERO, false, Optional.of("not probed yet"), now, ReadTarget.PRIMARY);
    }

    public double lagSeconds() {
        return lag.toNanos() / 1e9;
    }

    /** Why reads are on the primary, when they are. */
    public Optional<FallbackReason> fallback() {
        if (readsFrom == ReadTarget.REPLICA) {
            return Optional.empty();
        }
        return Optional.of(reachable ? FallbackReason.LAGGING : FallbackReason.UNREACHABLE);
    }
}
