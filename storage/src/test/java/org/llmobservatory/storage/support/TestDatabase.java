package org.llmobservatory.storage.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.llmobservatory.storage.config.DatabaseUrl;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.schema.Migrations;

/** One test's own database on the shared server. */
public record TestDatabase(String jdbcUrl, String user, String password) {

    /** A pool on this database with the schema migrated. */
    public StoragePool migratedPool() {
        StoragePool pool = pool(10);
        new Migrations(pool.dataSource()).apply();
        return pool;
    }

    public StoragePool pool(int size) {
        return StoragePool.open(new StoragePool.Settings(jdbcUrl, user, password, size, Duration.ofSeconds(30),
                Duration.ofSeconds(30), null));
    }

    /** A storage configuration pointing at this database, with Redis disabled. */
    public StorageConfig config() {
        return StorageConfig.builder()
                .database(DatabaseUrl.parse(jdbcUrl))
                .user(user)
                .password(password)
                .redis(new org.llmobservatory.storage.config.RedisTarget.Disabled())
                .dataDir(TestServers.work())
                .build();
    }

    /** The variables that point the service and its commands at this database, with Redis disabled. */
    public java.util.Map<String, String> environment() {
        return java.util.Map.of("OBSERVATORY_DATABASE_URL", jdbcUrl, "OBSERVATORY_DATABASE_USER", user,
                "OBSERVATORY_DATABASE_PASSWORD", password, "OBSERVATORY_REDIS_URL", "none");
    }

    /** Runs a one-value query, parameterised, on a fresh connection. */
    public long count(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }
}
