package org.llmobservatory.storage.pool;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.llmobservatory.storage.config.DatabaseUrl;
import org.llmobservatory.storage.config.StorageConfig;

/**
 * Connections of a caller's own to the database a configuration names, as its user and with its TLS settings, beside
 * the pool that {@code Storage} keeps to itself: for an operator's one-off statement, a benchmark's setup, or a test
 * that holds a lock or reads what was stored. Nothing here is pooled or observed.
 */
public final class DirectConnections implements DataSource {

    private final String jdbcUrl;
    private final Properties properties = new Properties();

    private DirectConnections(StorageConfig config) {
        DatabaseUrl url = config.database().orElseThrow(() -> new IllegalArgumentException(
                "no database configured: give StorageConfig a database URL"));
        this.jdbcUrl = url.jdbcUrl();
        config.user().or(url::user).ifPresent(user -> properties.setProperty("user", user));
        config.password().or(url::password).ifPresent(password -> properties.setProperty("password", password));
        config.tls().properties().forEach(properties::setProperty);
    }

    /** Opens connections to {@code config}'s database. */
    public static DirectConnections to(StorageConfig config) {
        return new DirectConnections(config);
    }

    /** A new connection; the caller closes it. */
    @Override
    public Connection getConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Properties as = new Properties();
        as.putAll(properties);
        as.setProperty("user", username);
        as.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl, as);
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // DriverManager logs through its own writer.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        DriverManager.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return DriverManager.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("org.llmobservatory.storage");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException(getClass().getSimpleName() + " wraps nothing of type " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
