package org.llmobservatory.server.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where a running service can be reached, as written to {@code $OBSERVATORY_DATA_DIR/ports.json} for
 * scripts. The database URL never carries a password.
 */
public record ServicePorts(int management, int otlpHttp, int otlpGrpc, int api, String database) {

    /** The file name inside the data directory. */
    public static final String FILE_NAME = "ports.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes {@code ports.json} into {@code dataDir} atomically, so a reader never sees half a file. */
    public Path writeTo(Path dataDir) {
        Path target = dataDir.resolve(FILE_NAME);
        Path temporary = dataDir.resolve(FILE_NAME + ".tmp");
        try {
            Files.createDirectories(dataDir);
            Files.writeString(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n");
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Reads a {@code ports.json} written by {@link #writeTo}. */
    public static ServicePorts readFrom(Path file) {
        try {
            return JSON.readValue(file.toFile(), ServicePorts.class);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }
}
