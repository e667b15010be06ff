package org.llmobservatory.storage.auth;

import java.sql.SQLException;
import java.time.Duration;

/**
 * Remembers how many active keys exist for a short while, so that the open-or-locked decision does not
 * cost a query per request. A failed read keeps the last known answer; with none, it fails closed.
 */
final class KeyCountCache {

    interface Counter {
        long count() throws SQLException;
    }

    private final Counter counter;
    private final long ttlNanos;
    private long value = -1;
    private long readAt;

    KeyCountCache(Counter counter, Duration ttl) {
        this.counter = counter;
        this.ttlNanos = ttl.toNanos();
    }

    synchronized long get() {
        long now = System.nanoTime();
        if (value < 0 || now - readAt >= ttlNanos) {
            try {
                value = counter.count();
                readAt = now;
            } catch (SQLException e) {
                if (value < 0) {
                    // Unknown whether keys exist: answer as if they do, so nothing is served unchecked.
                    return 1;
                }
            }
        }
        return value;
    }

    synchronized void invalidate() {
        value = -1;
    }
}
