package org.llmobservatory.storage.query;

import java.sql.SQLException;

/**
 * Whether a read that failed should run once more on another server, as {@code ReadRouting} sends a read to the
 * primary when its replica went away or cancelled the query. A {@link QueryRunner} is given its policy when it is
 * made, asks it once per failed read and runs the read once more when it agrees; reads change nothing, so running
 * one twice is safe.
 */
@FunctionalInterface
public interface Rerouting {

    /** Never runs a read again: the policy of a data source that is one server. */
    Rerouting NEVER = failure -> false;

    /**
     * Whether the read that failed with {@code failure} on this thread should run again; if so, this thread's next
     * connection comes from another server.
     */
    boolean reroute(SQLException failure);
}
