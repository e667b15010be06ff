package org.llmobservatory.storage.auth;

import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers the stored access mode for a short while, so that deciding a request does not cost a query, and logs
 * every change of the mode it sees. A failed read keeps the last known mode; with none, it fails closed (keys).
 */
final class AccessModeCache {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

    interface Reader {
        StoredMode read() throws SQLException;
    }

    private final Reader reader;
    private final long ttlNanos;
    private AccessMode value;
    private long readAt;

    AccessModeCache(Reader reader, Duration ttl) {
        this.reader = reader;
        this.ttlNanos = ttl.toNanos();
    }

    synchronized AccessMode get() {
        long now = System.nanoTime();
        if (value == null || now - readAt >= ttlNanos) {
            try {
                StoredMode stored = reader.read();
                if (value != null && value != stored.mode()) {
                    log.warn("access: now {} (changed at {}: {})", describe(stored.mode()), stored.changedAt(),
                            stored.reason());
                }
                value = stored.mode();
                readAt = now;
            } catch (SQLException e) {
                if (value == null) {
                    // Unknown whether keys are required: answer as if they are, so nothing is served unchecked.
                    return AccessMode.KEYS;
                }
            }
        }
        return value;
    }

    synchronized void invalidate() {
        readAt = System.nanoTime() - ttlNanos;
    }

    private static String describe(AccessMode mode) {
        return mode == AccessMode.OPEN ? "OPEN, every request is accepted without a key"
                : "KEYS, every request needs an active API key";
    }
}
