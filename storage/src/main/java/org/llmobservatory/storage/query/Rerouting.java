package org.llmobservatory.storage.query;

import java.sql.SQLException;

/**
 * A data source that can send a read elsewhere when the server it chose failed it, as {@code ReadRouting} sends a
 * read to the primary when its replica went away or cancelled the query. {@link QueryRunner} asks it once per failed
 * read and runs the read once more when it agrees; reads change nothing, so running one twice is safe.
 */
public interface Rerouting {

    /**
     * Whether the read that failed with {@code failure} on this thread should run again; if so, this thread's next
     * connection comes from another server.
     */
    boolean reroute(SQLException failure);
}
