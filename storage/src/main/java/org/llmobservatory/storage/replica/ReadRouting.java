package org.llmobservatory.storage.replica;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.llmobservatory.storage.config.ReadReplica;
import org.llmobservatory.storage.error.SqlErrors;
import org.llmobservatory.storage.pool.PoolServer;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.query.Rerouting;

/**
 * The data source of the query reads: the read replica's connections while it answers and keeps up, the primary's
 * otherwise. A read the replica fails by going away (or by cancelling it for a conflict with its replay) runs again
 * on the primary ({@link Rerouting}), so a replica stopped under load costs no failed query. Without a replica
 * every read goes to the primary; the observer hears each read's target either way.
 */
public final class ReadRouting implements DataSource, Rerouting, AutoCloseable {

    /** How often the replica's lag is asked. */
    public static final Duration PROBE_PERIOD = Duration.ofSeconds(1);
    /** How long a read waits for a replica connection before taking the primary's. */
    static final Duration REPLICA_ACQUIRE_TIMEOUT = Duration.ofMillis(500);
    /** pgjdbc's connect timeout towards the replica, in seconds: a dead host is given up quickly. */
    static final String REPLICA_CONNECT_TIMEOUT_SECONDS = "2";

    private final DataSource primary;
    private final Optional<Replica> replica;
    private final ReadObserver observer;
    private final ThreadLocal<ReadTarget> lastTarget = new ThreadLocal<>();
    private final ThreadLocal<Boolean> nextOnPrimary = new ThreadLocal<>();

    private ReadRouting(DataSource primary, Optional<Replica> replica, ReadObserver observer) {
        this.primary = primary;
        this.replica = replica;
        this.observer = observer;
    }

    /** Every read on the primary. */
    public static ReadRouting primaryOnly(DataSource primary, ReadObserver observer) {
        return new ReadRouting(primary, Optional.empty(), observer);
    }

    /**
     * Reads on {@code config}'s replica while it keeps up, on {@code primary} otherwise. The replica's pool takes the
     * primary's {@code settings} (size, timeouts, TLS, instrumentation: its meters carry {@code server="replica"}) with
     * the replica's URL and credentials; it is not waited for: a replica down at start only sends the reads to the
     * primary until it answers.
     */
    public static ReadRouting withReplica(DataSource primary, ReadReplica config, StoragePool.Settings settings,
            ReadObserver observer) {
        String user = config.user().or(config.database()::user).orElse(settings.user());
        String password = config.password().or(config.database()::password).orElse(settings.password());
        Map<String, String> properties = new HashMap<>(settings.properties());
        properties.put("connectTimeout", REPLICA_CONNECT_TIMEOUT_SECONDS);
        StoragePool.Settings replicaSettings = new StoragePool.Settings(config.database().jdbcUrl(), user, password,
                settings.maxSize(), settings.connectTimeout(), settings.queryTimeout(), settings.trackers(), properties);
        StoragePool pool = StoragePool.openWithoutWaiting(replicaSettings, PoolServer.REPLICA, REPLICA_ACQUIRE_TIMEOUT);
        Replica replica = new Replica(pool, config.maxLag(), Duration.ofSeconds(2), observer, Clock.systemUTC());
        try {
            replica.start(PROBE_PERIOD);
        } catch (RuntimeException e) {
            replica.close();
            throw e;
        }
        return new ReadRouting(primary, Optional.of(replica), observer);
    }

    /** The replica's last probe, when one is configured. */
    public Optional<ReplicaStatus> replica() {
        return replica.map(Replica::status);
    }

    /** The replica's URL, password masked, when one is configured. */
    public Optional<String> replicaUrl() {
        return replica.map(Replica::jdbcUrl);
    }

    /** The replay lag past which reads leave the replica, when one is configured. */
    public Optional<Duration> maxLag() {
        return replica.map(Replica::maxLag);
    }

    /** Where reads go now. */
    public ReadTarget readsFrom() {
        return replica.filter(Replica::inUse).isPresent() ? ReadTarget.REPLICA : ReadTarget.PRIMARY;
    }

    @Override
    public Connection getConnection() throws SQLException {
        boolean primaryAsked = Boolean.TRUE.equals(nextOnPrimary.get());
        nextOnPrimary.remove();
        if (!primaryAsked && replica.isPresent() && replica.get().inUse()) {
            try {
                Connection c = replica.get().connection();
                lastTarget.set(ReadTarget.REPLICA);
                observer.read(ReadTarget.REPLICA);
                return c;
            } catch (SQLException e) {
                replica.get().unreachable(e);
            }
        }
        lastTarget.set(ReadTarget.PRIMARY);
        Connection c = primary.getConnection();
        observer.read(ReadTarget.PRIMARY);
        return c;
    }

    /**
     * Yes when this thread's last read was on the replica and failed as a lost server does (the replica is then
     * taken out of use) or by a cancellation for a conflict with its replay; the next connection is the primary's.
     */
    @Override
    public boolean reroute(SQLException failure) {
        if (replica.isEmpty() || lastTarget.get() != ReadTarget.REPLICA) {
            return false;
        }
        switch (SqlErrors.classify(failure)) {
            case CONNECTION, SHUTDOWN, POOL_TIMEOUT -> replica.get().unreachable(failure);
            case SERIALIZATION -> {
                // A conflict with recovery cancelled this query; the replica itself is fine.
            }
            default -> {
                return false;
            }
        }
        nextOnPrimary.set(Boolean.TRUE);
        return true;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("reads use the configured credentials");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return primary.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        primary.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        primary.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return primary.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return primary.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    /** Closes the replica's pool; the primary's belongs to its owner. */
    @Override
    public void close() {
        replica.ifPresent(Replica::close);
    }
}
