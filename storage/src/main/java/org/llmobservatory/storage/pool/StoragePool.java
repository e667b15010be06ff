package org.llmobservatory.storage.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.llmobservatory.storage.config.DatabaseUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL connection pool (HikariCP over pgjdbc). Opening it waits, with bounded retries, until
 * the database answers, and fails with a message naming the host and port when it never does.
 * Instrumentation plugs in through HikariCP's own {@link MetricsTrackerFactory}.
 */
public final class StoragePool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoragePool.class);

    private final HikariDataSource dataSource;
    private final String jdbcUrl;

    private StoragePool(HikariDataSource dataSource, String jdbcUrl) {
        this.dataSource = dataSource;
        this.jdbcUrl = jdbcUrl;
    }

    /** What a pool needs; {@code trackers} may be null for no instrumentation. */
    public record Settings(
            String jdbcUrl,
            String user,
            String password,
            int maxSize,
            Duration connectTimeout,
            Duration queryTimeout,
            MetricsTrackerFactory trackers,
            Map<String, String> properties) {

        public Settings {
            properties = Map.copyOf(properties);
        }

        /** No extra pgjdbc properties. */
        public Settings(String jdbcUrl, String user, String password, int maxSize, Duration connectTimeout,
                Duration queryTimeout, MetricsTrackerFactory trackers) {
            this(jdbcUrl, user, password, maxSize, connectTimeout, queryTimeout, trackers, Map.of());
        }

        /** These settings plus pgjdbc connection properties, such as {@code sslmode} and {@code sslrootcert}. */
        public Settings withProperties(Map<String, String> value) {
            return new Settings(jdbcUrl, user, password, maxSize, connectTimeout, queryTimeout, trackers, value);
        }

        /** Every setting but the password: safe to log. */
        @Override
        public String toString() {
            return "Settings[" + DatabaseUrl.redact(jdbcUrl) + ", user=" + user + ", password="
                    + (password == null ? "none" : "****") + ", maxSize=" + maxSize + ", connectTimeout="
                    + connectTimeout + ", queryTimeout=" + queryTimeout + ", properties=" + properties + "]";
        }
    }

    /**
     * Opens the pool, retrying with backoff until a first connection succeeds or {@code connectTimeout}
     * has passed.
     *
     * @throws DatabaseUnavailableException naming the host and port when the database never answered
     */
    public static StoragePool open(Settings s) {
        HikariDataSource ds = new HikariDataSource(hikariConfig(s));
        StoragePool pool = new StoragePool(ds, s.jdbcUrl());
        try {
            pool.waitForDatabase(s.connectTimeout());
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return pool;
    }

    /**
     * Opens a pool without waiting for its database, for a server the storage can do without for a while (a read
     * replica): named after {@code server}, and a borrower waits at most {@code acquireTimeout} for a connection.
     */
    public static StoragePool openWithoutWaiting(Settings s, PoolServer server, Duration acquireTimeout) {
        HikariConfig config = hikariConfig(s);
        config.setPoolName(server.poolName());
        config.setConnectionTimeout(acquireTimeout.toMillis());
        return new StoragePool(new HikariDataSource(config), s.jdbcUrl());
    }

    /** The HikariCP configuration of these settings, pgjdbc properties included. */
    static HikariConfig hikariConfig(Settings s) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(PoolServer.PRIMARY.poolName());
        hc.setJdbcUrl(s.jdbcUrl());
        hc.setUsername(s.user());
        hc.setPassword(s.password());
        hc.setMaximumPoolSize(s.maxSize());
        hc.setMinimumIdle(Math.min(2, s.maxSize()));
        hc.setConnectionTimeout(5_000);
        hc.setValidationTimeout(2_000);
        // The pool itself starts without touching the database; waitForDatabase below does the retries
        // with a clear message instead of HikariCP's generic initialisation failure.
        hc.setInitializationFailTimeout(-1);
        hc.addDataSourceProperty("ApplicationName", "llm-observatory");
        hc.addDataSourceProperty("connectTimeout", "5");
        hc.addDataSourceProperty("tcpKeepAlive", "true");
        hc.addDataSourceProperty("options", "-c statement_timeout=" + s.queryTimeout().toMillis());
        if (s.trackers() != null) {
            hc.setMetricsTrackerFactory(s.trackers());
        }
        s.properties().forEach(hc::addDataSourceProperty);
        return hc;
    }

    private void waitForDatabase(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long backoffMs = 100;
        SQLException last = null;
        int attempts = 0;
        while (true) {
            attempts++;
            try (Connection c = dataSource.getConnection()) {
                if (c.isValid(2)) {
                    if (attempts > 1) {
                        log.info("PostgreSQL at {} answered after {} attempts", DatabaseUrl.redact(jdbcUrl), attempts);
                    }
                    return;
                }
            } catch (SQLException e) {
                last = e;
            }
            if (System.nanoTime() >= deadline) {
                throw new DatabaseUnavailableException(jdbcUrl, attempts, timeout, last);
            }
            log.warn("PostgreSQL at {} not reachable yet ({}); retrying in {} ms", DatabaseUrl.redact(jdbcUrl),
                    last == null ? "connection invalid" : last.getMessage(), backoffMs);
            sleep(backoffMs + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1));
            backoffMs = Math.min(backoffMs * 2, 2_000);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** A connection from the pool; the caller closes it. */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /**
     * Takes a connection out of the pool for good. Work done on the unwrapped driver connection (binary
     * COPY) fails without HikariCP seeing it, so the pool would hand a dead connection out again.
     */
    public void evict(Connection connection) {
        dataSource.evictConnection(connection);
    }

    /** JDBC URL in use; it never contains the password. */
    public String jdbcUrl() {
        return DatabaseUrl.redact(jdbcUrl);
    }

    /** Live pool statistics: active, idle, pending (threads waiting) and maximum connections. */
    public PoolStats stats() {
        HikariPoolMXBean bean = dataSource.getHikariPoolMXBean();
        int max = dataSource.getMaximumPoolSize();
        if (bean == null) {
            return new PoolStats(0, 0, 0, max);
        }
        return new PoolStats(bean.getActiveConnections(), bean.getIdleConnections(),
                bean.getThreadsAwaitingConnection(), max);
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseUnavailableException("interrupted while waiting for PostgreSQL", e);
        }
    }
}
