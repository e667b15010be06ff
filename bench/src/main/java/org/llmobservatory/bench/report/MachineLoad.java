package org.llmobservatory.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load averages, so that a slow figure can be told from a busy machine. */
public final class MachineLoad {

    private MachineLoad() {
    }

    /** The 1, 5 and 15 minute load averages ({@code "1.84 1.54 2.26"}), or {@code "unknown"} off Linux. */
    public static String now() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    /** {@code "load average 1.84 1.54 2.26 on 2 cores"}, for a figure's note. */
    public static String described() {
        return "load average " + now() + " on " + Runtime.getRuntime().availableProcessors() + " cores";
    }
}
