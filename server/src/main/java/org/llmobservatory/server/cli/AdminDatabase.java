package org.llmobservatory.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import org.llmobservatory.server.service.ServicePorts;
import org.llmobservatory.storage.auth.AccessPolicy;
import org.llmobservatory.storage.auth.ApiKeys;
import org.llmobservatory.storage.config.Retention;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.embedded.DatabasePassword;
import org.llmobservatory.storage.embedded.EmbeddedDatabase;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.repository.TimeRange;
import org.llmobservatory.storage.rollup.RollupMaintenance;
import org.llmobservatory.storage.schema.Migrations;
import org.llmobservatory.storage.schema.PartitionMaintenance;
import org.llmobservatory.storage.schema.PartitionManager;
import org.llmobservatory.storage.schema.ProjectData;
import org.llmobservatory.storage.schema.TableSizes;

/**
 * The database the operator's commands ({@code keys}, {@code access}, {@code projects}) work on: the configured
 * external one; else the embedded one of a running service (found through its {@code ports.json}); else the
 * embedded one in the data directory, started for the command and stopped after it.
 */
final class AdminDatabase implements AutoCloseable {

    private final EmbeddedDatabase startedHere;
    private final StoragePool pool;
    private final Retention retention;

    private AdminDatabase(EmbeddedDatabase startedHere, StoragePool pool, Retention retention) {
        this.startedHere = startedHere;
        this.pool = pool;
        this.retention = retention;
    }

    static AdminDatabase open(StorageConfig config) {
        EmbeddedDatabase started = null;
        String url;
        String user;
        String password;
        Path portsFile = config.dataDir().resolve(ServicePorts.FILE_NAME);
        if (!config.embeddedDatabase()) {
            var database = config.database().orElseThrow();
            url = database.jdbcUrl();
            user = config.user().or(database::user).orElse(null);
            password = config.password().or(database::password).orElse(null);
        } else if (Files.exists(portsFile)) {
            url = ServicePorts.readFrom(portsFile).database();
            user = EmbeddedDatabase.USER;
            password = DatabasePassword.of(config.dataDir().resolve("postgres")).read();
        } else {
            started = EmbeddedDatabase.start(config.dataDir().resolve("postgres"), 0);
            url = started.jdbcUrl();
            user = EmbeddedDatabase.USER;
            password = started.password();
        }
        try {
            StoragePool pool = StoragePool.open(new StoragePool.Settings(url, user, password, 2,
                    Duration.ofSeconds(10), Duration.ofSeconds(30), null).withProperties(config.embeddedDatabase() ? Map.of() : config.tls().properties()));
            new Migrations(pool.dataSource()).apply();
            return new AdminDatabase(started, pool, config.retention());
        } catch (RuntimeException e) {
            if (started != null) {
                started.close();
            }
            throw e;
        }
    }

    /** The keys and the access mode, read afresh on every call; {@code policy} is the service's OBSERVATORY_AUTH. */
    ApiKeys keys(AccessPolicy policy) {
        return new ApiKeys(pool.dataSource(), Duration.ZERO, policy);
    }

    ProjectData projects() {
        return new ProjectData(pool.dataSource());
    }

    /** The usage rollups' upkeep under the configured retention, run here (no background task is started). */
    RollupMaintenance rollups() {
        return rollups(retention);
    }

    /** The same under {@code retention}. */
    RollupMaintenance rollups(Retention retention) {
        return new RollupMaintenance(pool.dataSource(), retention, Clock.systemUTC());
    }

    /** Partition upkeep under {@code retention}, run here; close it after use. */
    PartitionMaintenance partitions(Retention retention) {
        return new PartitionMaintenance(new PartitionManager(pool.dataSource()), retention, Clock.systemUTC());
    }

    /** The retention the service is configured with ({@code OBSERVATORY_RETENTION_DAYS} and the rest). */
    Retention retention() {
        return retention;
    }

    /** The disk each telemetry table takes, read on demand. */
    TableSizes tableSizes() {
        return new TableSizes(pool.dataSource());
    }

    /** The first and the last span start, or empty when there are no spans. */
    Optional<TimeRange> spanTimes() throws SQLException {
        try (Connection c = pool.connection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT min(start_time), max(start_time) FROM spans")) {
            rs.next();
            OffsetDateTime first = rs.getObject(1, OffsetDateTime.class);
            OffsetDateTime last = rs.getObject(2, OffsetDateTime.class);
            return first == null ? Optional.empty()
                    : Optional.of(TimeRange.of(first.toInstant(), last.toInstant().plusNanos(1_000)));
        }
    }

    @Override
    public void close() {
        pool.close();
        if (startedHere != null) {
            startedHere.close();
        }
    }
}
