package org.llmobservatory.storage.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Claims a data directory for one process at a time: a lock on a file beside it ({@code ./data/postgres.lock}
 * for {@code ./data/postgres}) that holds the owner's process id, so that a second process can say who has it.
 * The operating system releases the lock when its owner dies, however it dies.
 */
final class DataDirectoryLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dataDirectory}.
     *
     * @throws IllegalStateException naming the process that holds it
     */
    static DataDirectoryLock acquire(Path dataDirectory) {
        Path absolute = dataDirectory.toAbsolutePath().normalize();
        Path file = absolute.resolveSibling(absolute.getFileName() + ".lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String owner = Files.readString(file).strip();
                channel.close();
                throw new IllegalStateException("the data directory " + absolute + " is in use by another process"
                        + (owner.isEmpty() ? "" : " (pid " + owner + describe(owner) + ")")
                        + ": stop it, or give this one its own OBSERVATORY_DATA_DIR");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(true);
            return new DataDirectoryLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("could not lock the data directory " + absolute + ": " + e.getMessage(), e);
        }
    }

    private static String describe(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid))
                    .flatMap(p -> p.info().command())
                    .map(command -> ", " + Path.of(command).getFileName())
                    .orElse("");
        } catch (NumberFormatException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing was locked through it.
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it too.
        }
        closeQuietly(channel);
    }
}
