package org.llmobservatory.storage.schema;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.llmobservatory.storage.query.QueryObserver;
import org.llmobservatory.storage.query.QueryRunner;
import org.llmobservatory.storage.query.RepositoryKind;
import org.llmobservatory.storage.query.SqlStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and drops the daily (UTC) partitions of the telemetry tables. Partitions are named
 * {@code <table>_pYYYYMMDD}. Writers call {@link #ensure} for every day a batch touches, so late or
 * early data always finds its partition; a scheduled task creates the next days ahead of time and
 * drops the days past retention.
 *
 * <p>Partition DDL cannot take bind parameters: every identifier and bound here is built from the
 * {@link TelemetryTable} enum and a formatted {@link LocalDate}, never from input.
 */
public final class PartitionManager {

    private static final Logger log = LoggerFactory.getLogger(PartitionManager.class);
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");

    private static final String LIST_PARTITIONS = """
            SELECT c.relname
              FROM pg_inherits i
              JOIN pg_class c ON c.oid = i.inhrelid
              JOIN pg_class p ON p.oid = i.inhparent
              JOIN pg_namespace n ON n.oid = p.relnamespace
             WHERE p.relname = ? AND n.nspname = current_schema()
            """;

    private final QueryRunner runner;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public PartitionManager(DataSource dataSource) {
        this(dataSource, QueryObserver.NONE);
    }

    /** Partitions whose statements {@code observer} hears, as repository {@code schema}. */
    public PartitionManager(DataSource dataSource, QueryObserver observer) {
        this.runner = new QueryRunner(dataSource, observer, RepositoryKind.SCHEMA);
    }

    /** Makes sure the partition holding {@code day} exists; cheap when it is already known. */
    public void ensure(TelemetryTable table, LocalDate day) throws SQLException {
        String name = partitionName(table, day);
        if (known.contains(name)) {
            return;
        }
        runner.inTransaction("create_partition", c -> {
            // Serialise creators across service instances; the lock ends with the transaction.
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, 0x4c4c4d4f42L + name.hashCode());
                lock.execute();
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS " + name + " PARTITION OF " + table.tableName()
                        + " FOR VALUES FROM ('" + day + " 00:00:00+00') TO ('" + day.plusDays(1)
                        + " 00:00:00+00')");
            }
            return 1;
        }, one -> one);
        known.add(name);
    }

    /** Ensures the partition of every table for today (UTC) and the next {@code daysAhead} days. */
    public void ensureAhead(Instant now, int daysAhead) throws SQLException {
        LocalDate today = day(now);
        for (TelemetryTable table : TelemetryTable.values()) {
            for (int i = 0; i <= daysAhead; i++) {
                ensure(table, today.plusDays(i));
            }
        }
    }

    /**
     * Drops the partitions of {@code table} whose whole day ended more than {@code retention} before
     * {@code now}. Returns the names dropped.
     */
    public List<String> dropExpired(TelemetryTable table, Duration retention, Instant now) throws SQLException {
        Instant cutoff = now.minus(retention);
        List<String> dropped = new ArrayList<>();
        for (String name : partitions(table)) {
            LocalDate day = dayOf(table, name);
            if (day == null) {
                continue;
            }
            Instant dayEnd = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!dayEnd.isAfter(cutoff)) {
                runner.call("drop_partition", c -> {
                    try (Statement st = c.createStatement()) {
                        st.execute("DROP TABLE IF EXISTS " + name);
                    }
                    return 1;
                }, one -> one);
                known.remove(name);
                dropped.add(name);
                log.info("dropped partition {} (data older than {})", name, cutoff);
            }
        }
        return dropped;
    }

    /** Names of the existing partitions of {@code table}. */
    public List<String> partitions(TelemetryTable table) throws SQLException {
        List<String> names = runner.call("list_partitions", c -> {
            List<String> found = new ArrayList<>();
            try (PreparedStatement ps = new SqlStatement().append(LIST_PARTITIONS, table.tableName()).prepare(c);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            return found;
        }, List::size);
        names.sort(String::compareTo);
        return names;
    }

    /** The day of the oldest existing partition of {@code table}, empty when it has none. */
    public Optional<LocalDate> oldestDay(TelemetryTable table) throws SQLException {
        return partitions(table).stream().map(name -> dayOf(table, name)).filter(Objects::nonNull).min(
                LocalDate::compareTo);
    }

    /** Forgets what is known to exist, after partitions may have been dropped elsewhere. */
    public void forget() {
        known.clear();
    }

    public static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    static String partitionName(TelemetryTable table, LocalDate day) {
        return table.tableName() + "_p" + SUFFIX.format(day);
    }

    private static LocalDate dayOf(TelemetryTable table, String partition) {
        String prefix = table.tableName() + "_p";
        if (!partition.startsWith(prefix)) {
            return null;
        }
        try {
            return LocalDate.parse(partition.substring(prefix.length()), SUFFIX);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
