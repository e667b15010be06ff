package org.llmobservatory.storage.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The password of the embedded PostgreSQL's superuser, generated at the first start and kept beside its data
 * directory ({@code ./data/postgres} has {@code ./data/postgres.password}), readable by its owner only. Every
 * command that opens the embedded database reads it from there.
 */
public final class DatabasePassword {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;

    private DatabasePassword(Path file) {
        this.file = file;
    }

    /** The password file of the PostgreSQL cluster in {@code dataDirectory}. */
    public static DatabasePassword of(Path dataDirectory) {
        Path absolute = dataDirectory.toAbsolutePath().normalize();
        return new DatabasePassword(absolute.resolveSibling(absolute.getFileName() + ".password"));
    }

    public Path file() {
        return file;
    }

    public boolean exists() {
        return Files.exists(file);
    }

    /**
     * The password.
     *
     * @throws IllegalStateException naming the file when it is missing or unreadable
     */
    public String read() {
        try {
            String password = Files.readString(file).strip();
            if (password.isEmpty()) {
                throw new IllegalStateException("the embedded PostgreSQL's password file " + file + " is empty");
            }
            return password;
        } catch (IOException e) {
            throw new IllegalStateException("could not read the embedded PostgreSQL's password from " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** Reads the password, or generates one and writes it (mode 0600) when there is no file yet. */
    String readOrCreate() {
        if (exists()) {
            return read();
        }
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String password = HexFormat.of().formatHex(bytes);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, password + "\n");
            Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the embedded PostgreSQL's password to " + file + ": "
                    + e.getMessage(), e);
        }
    }
}
