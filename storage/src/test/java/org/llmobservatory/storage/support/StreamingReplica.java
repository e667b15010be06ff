package org.llmobservatory.storage.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import org.llmobservatory.storage.embedded.EmbeddedDatabase;

/**
 * A real PostgreSQL hot standby of an embedded primary, streaming its WAL: a base backup taken with PostgreSQL's
 * low-level backup functions (what {@code pg_basebackup} does over the replication protocol, done here with a file
 * copy so that it works with the binaries of every version the tests run), restored into its own data directory and
 * started on its own port with {@code standby.signal}, a {@code primary_conninfo} and a physical replication slot
 * that keeps the primary's WAL until the standby has it.
 */
public final class StreamingReplica implements AutoCloseable {

    private static final String SLOT = "observatory_test_standby";
    /** What a base backup leaves out: the server's runtime state, its WAL (streamed instead) and slots. */
    private static final Set<String> RUNTIME_ENTRIES = Set.of("postmaster.pid", "postmaster.opts", "pg_wal",
            "pg_replslot", "pg_stat_tmp", "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans",
            "backup_label", "tablespace_map", "standby.signal", "recovery.signal");

    private final EmbeddedDatabase primary;
    private final EmbeddedDatabase standby;
    private final boolean ownsPrimary;

    private StreamingReplica(EmbeddedDatabase primary, EmbeddedDatabase standby, boolean ownsPrimary) {
        this.primary = primary;
        this.standby = standby;
        this.ownsPrimary = ownsPrimary;
    }

    /**
     * Starts a throw-away primary of its own under {@code directory}, then its standby beside it; {@link #close()}
     * stops both.
     */
    public static StreamingReplica withOwnPrimary(Path directory) {
        EmbeddedDatabase primary = EmbeddedDatabase.start(directory.resolve("primary"), 0,
                EmbeddedDatabase.Durability.THROW_AWAY);
        try {
            StreamingReplica replica = of(primary, directory.resolve("standby"));
            return new StreamingReplica(primary, replica.standby, true);
        } catch (RuntimeException e) {
            primary.close();
            throw e;
        }
    }

    /** Takes a base backup of {@code primary} into {@code directory} and starts it as a streaming hot standby. */
    public static StreamingReplica of(EmbeddedDatabase primary, Path directory) {
        try (Connection c = connect(primary)) {
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_create_physical_replication_slot('" + SLOT + "', true)");
            }
            boolean modern = serverVersion(c) >= 150000;
            try (Statement st = c.createStatement()) {
                st.execute(modern ? "SELECT pg_backup_start('observatory-test', true)"
                        : "SELECT pg_start_backup('observatory-test', true, false)");
            }
            copyData(primary.dataDirectory(), directory);
            String label;
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(modern ? "SELECT labelfile FROM pg_backup_stop(false)"
                            : "SELECT labelfile FROM pg_stop_backup(false, false)")) {
                rs.next();
                label = rs.getString(1);
            }
            Files.writeString(directory.resolve("backup_label"), label);
            Files.writeString(directory.resolve("standby.signal"), "");
            Files.writeString(directory.resolve("postgresql.auto.conf"), "primary_conninfo = 'host=127.0.0.1 port="
                    + primary.port() + " user=" + EmbeddedDatabase.USER + " password=" + primary.password()
                    + " application_name=observatory_test_standby'\nprimary_slot_name = '" + SLOT + "'\n",
                    StandardOpenOption.APPEND);
            Path password = directory.resolveSibling(directory.getFileName() + ".password");
            Files.copy(primary.passwordFile(), password, StandardCopyOption.REPLACE_EXISTING);
        } catch (SQLException e) {
            throw new IllegalStateException("could not take a base backup of the primary: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new StreamingReplica(primary,
                EmbeddedDatabase.start(directory, 0, EmbeddedDatabase.Durability.THROW_AWAY), false);
    }

    /** The primary the standby streams from. */
    public EmbeddedDatabase primary() {
        return primary;
    }

    /** The standby's server: {@link EmbeddedDatabase#stop()} and {@link EmbeddedDatabase#restart()} it at will. */
    public EmbeddedDatabase standby() {
        return standby;
    }

    /** Stops replaying the WAL it receives: its data stays as it is while its lag grows. */
    public void pauseReplay() {
        onStandby("SELECT pg_wal_replay_pause()");
    }

    public void resumeReplay() {
        onStandby("SELECT pg_wal_replay_resume()");
    }

    /** Waits until the standby has replayed everything the primary has written so far. */
    public void awaitCaughtUp(Duration timeout) {
        try (Connection p = connect(primary); Connection s = connect(standby)) {
            String target;
            try (Statement st = p.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_current_wal_lsn()")) {
                rs.next();
                target = rs.getString(1);
            }
            Eventually.await(timeout, "the standby to replay up to " + target, () -> replayedUpTo(s, target));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean replayedUpTo(Connection standby, String lsn) {
        try (PreparedStatement ps = standby.prepareStatement("SELECT pg_last_wal_replay_lsn() >= ?::pg_lsn")) {
            ps.setString(1, lsn);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        standby.close();
        try (Connection c = connect(primary); PreparedStatement ps = c.prepareStatement(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, SLOT);
            ps.execute();
        } catch (SQLException e) {
            // The primary is gone too; nothing holds its WAL any more.
        }
        if (ownsPrimary) {
            primary.close();
        }
    }

    private void onStandby(String sql) {
        try (Connection c = connect(standby); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on the standby: " + e.getMessage(), e);
        }
    }

    private static Connection connect(EmbeddedDatabase server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), EmbeddedDatabase.USER, server.password());
    }

    private static int serverVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW server_version_num")) {
            rs.next();
            return Integer.parseInt(rs.getString(1));
        }
    }

    /** Copies a live data directory, leaving out its runtime state and skipping files removed meanwhile. */
    private static void copyData(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        // PostgreSQL refuses a data directory others may read.
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path relative = from.relativize(dir);
                Files.createDirectories(to.resolve(relative.toString()));
                if (relative.getNameCount() == 1 && RUNTIME_ENTRIES.contains(relative.toString())) {
                    if (relative.toString().equals("pg_wal")) {
                        Files.createDirectories(to.resolve("pg_wal").resolve("archive_status"));
                    }
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path relative = from.relativize(file);
                if (relative.getNameCount() == 1 && RUNTIME_ENTRIES.contains(relative.toString())) {
                    return FileVisitResult.CONTINUE;
                }
                try {
                    Files.copy(file, to.resolve(relative.toString()), StandardCopyOption.REPLACE_EXISTING);
                } catch (NoSuchFileException gone) {
                    // A temporary file the server removed during the copy; recovery does not need it.
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
    }
}
