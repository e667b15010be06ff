package org.llmobservatory.storage.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The embedded cluster's {@code pg_hba.conf}: password (SCRAM) logins only, from this machine only. Clusters
 * made by earlier versions trusted every local connection; {@link #trusting} finds them so that they can be
 * upgraded in place.
 */
final class ClientAuthentication {

    private static final String PASSWORD_ONLY = """
            # LLM Observatory: every connection needs the superuser's password (SCRAM), kept in the file
            # beside this data directory (postgres.password); connections come from this machine only.
            # TYPE  DATABASE     USER  ADDRESS        METHOD
            local   all          all                  scram-sha-256
            host    all          all   127.0.0.1/32   scram-sha-256
            host    all          all   ::1/128        scram-sha-256
            local   replication  all                  scram-sha-256
            host    replication  all   127.0.0.1/32   scram-sha-256
            host    replication  all   ::1/128        scram-sha-256
            """;

    private ClientAuthentication() {
    }

    /** True when some rule of the cluster in {@code dataDirectory} lets a connection in without a password. */
    static boolean trusting(Path dataDirectory) {
        Path hba = dataDirectory.resolve("pg_hba.conf");
        if (!Files.exists(hba)) {
            return false;
        }
        try {
            return Files.readAllLines(hba).stream()
                    .map(line -> line.replaceFirst("#.*", "").strip())
                    .filter(line -> !line.isEmpty())
                    .map(line -> List.of(line.split("\\s+")))
                    .anyMatch(fields -> fields.contains("trust"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + hba + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the rules with password-only ones; the server applies them on its next configuration reload. */
    static void requirePassword(Path dataDirectory) {
        Path hba = dataDirectory.resolve("pg_hba.conf");
        Path temporary = dataDirectory.resolve("pg_hba.conf.tmp");
        try {
            Files.writeString(temporary, PASSWORD_ONLY);
            Files.move(temporary, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + hba + ": " + e.getMessage(), e);
        }
    }
}
