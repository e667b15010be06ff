package org.llmobservatory.storage.pool;

import java.util.Locale;

/**
 * The server a connection pool connects to: the primary, which every write and most reads use, or the read replica
 * that takes the query reads when one is configured. Each has its HikariCP pool name (the {@code pool} label of
 * HikariCP's own meters) and is the {@code server} label of the storage's pool meters.
 */
public enum PoolServer {
    PRIMARY("observatory"),
    REPLICA("observatory-read");

    private final String poolName;

    PoolServer(String poolName) {
        this.poolName = poolName;
    }

    /** The HikariCP pool name of this server's pool. */
    public String poolName() {
        return poolName;
    }

    /** The {@code server} label value. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The server of the pool named {@code poolName}: the replica's by its name, the primary's otherwise. */
    public static PoolServer ofPoolName(String poolName) {
        return REPLICA.poolName.equals(poolName) ? REPLICA : PRIMARY;
    }
}
