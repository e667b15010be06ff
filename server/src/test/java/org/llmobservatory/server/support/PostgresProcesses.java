package org.llmobservatory.server.support;

import java.nio.file.Path;
import java.util.List;

/** Finds the PostgreSQL processes serving one data directory, by their command line. */
public final class PostgresProcesses {

    private PostgresProcesses() {
    }

    /** Live processes whose command line names {@code dataDir/postgres}. */
    public static List<ProcessHandle> of(Path dataDir) {
        String cluster = dataDir.resolve("postgres").toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(cmd -> cmd.contains(cluster)).orElse(false))
                .toList();
    }
}
