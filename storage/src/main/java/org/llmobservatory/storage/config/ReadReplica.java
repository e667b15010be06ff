package org.llmobservatory.storage.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A PostgreSQL streaming replica the query reads go to while it keeps up: writes, migrations, partition and rollup
 * upkeep and the API keys stay on the primary.
 *
 * @param database the replica's URL
 * @param user     its user; empty for the one in the URL, else the primary's
 * @param password its password; empty for the one in the URL, else the primary's; never logged
 * @param maxLag   the replay lag past which reads go to the primary until the replica has caught up
 */
public record ReadReplica(DatabaseUrl database, Optional<String> user, Optional<String> password, Duration maxLag) {

    /** The replay lag tolerated by default before reads fall back to the primary. */
    public static final Duration DEFAULT_MAX_LAG = Duration.ofSeconds(10);

    public ReadReplica {
        Objects.requireNonNull(database, "database");
        if (maxLag.isNegative() || maxLag.isZero()) {
            throw new IllegalArgumentException("maxLag must be positive, got " + maxLag);
        }
    }

    /** A replica reached with the credentials its URL gives, or else the primary's, lagging at most 10 s. */
    public static ReadReplica at(DatabaseUrl database) {
        return new ReadReplica(database, Optional.empty(), Optional.empty(), DEFAULT_MAX_LAG);
    }

    public ReadReplica withUser(String value) {
        return new ReadReplica(database, Optional.ofNullable(value), password, maxLag);
    }

    public ReadReplica withPassword(String value) {
        return new ReadReplica(database, user, Optional.ofNullable(value), maxLag);
    }

    public ReadReplica withMaxLag(Duration value) {
        return new ReadReplica(database, user, password, value);
    }

    /** Every setting but the password: safe to log. */
    @Override
    public String toString() {
        return "ReadReplica[" + database + ", user=" + user + ", password=" + password.map(p -> "****")
                + ", maxLag=" + maxLag + "]";
    }
}
