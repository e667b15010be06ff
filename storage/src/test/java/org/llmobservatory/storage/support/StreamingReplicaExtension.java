package org.llmobservatory.storage.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.llmobservatory.storage.embedded.EmbeddedDatabase;

/**
 * A primary of the test class's own and its streaming hot standby ({@link StreamingReplica#withOwnPrimary}), started
 * before the class's first test and stopped after its last. Registered on a static field with
 * {@code @RegisterExtension}.
 */
public final class StreamingReplicaExtension implements BeforeAllCallback, AfterAllCallback {

    private final String directory;
    private StreamingReplica replica;

    /** Keeps both servers' data under {@code directory} of the tests' work directory. */
    public StreamingReplicaExtension(String directory) {
        this.directory = directory;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        replica = StreamingReplica.withOwnPrimary(TestServers.work().resolve(directory));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (replica != null) {
            replica.close();
            replica = null;
        }
    }

    /** The running primary and standby. */
    public StreamingReplica replica() {
        if (replica == null) {
            throw new IllegalStateException("the primary and its standby run only while the test class runs");
        }
        return replica;
    }

    public EmbeddedDatabase primary() {
        return replica().primary();
    }

    /** A connection of its own to the primary, as its superuser: to look at what the primary holds. */
    public Connection connectToPrimary() throws SQLException {
        return DriverManager.getConnection(primary().jdbcUrl(), EmbeddedDatabase.USER, primary().password());
    }
}
