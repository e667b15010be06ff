package org.llmobservatory.storage.pool;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.llmobservatory.storage.config.DatabaseUrl;
import org.llmobservatory.storage.config.StorageConfig;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Connections of a caller's own to the database a configuration names, as its user and with its TLS settings, beside
 * the pool that {@code Storage} keeps to itself: for an operator's one-off statement, a benchmark's setup, or a test
 * that holds a lock or reads what was stored. Nothing here is pooled or observed.
 */
public final class DirectConnections {

    private DirectConnections() {
    }

    /** pgjdbc's unpooled data source for {@code config}'s database; each {@code getConnection()} opens a new one. */
    public static DataSource to(StorageConfig config) {
        DatabaseUrl url = config.database().orElseThrow(() -> new IllegalArgumentException(
                "no database configured: give StorageConfig a database URL"));
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url.jdbcUrl());
        dataSource.setUser(config.user().or(url::user).orElse(null));
        dataSource.setPassword(config.password().or(url::password).orElse(null));
        config.tls().properties().forEach((name, value) -> {
            try {
                dataSource.setProperty(name, value);
            } catch (SQLException e) {
                throw new IllegalArgumentException("pgjdbc refuses " + name + ": " + e.getMessage(), e);
            }
        });
        return dataSource;
    }
}
