package org.llmobservatory.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The machine's one-minute load average, written next to latency figures: on a small shared machine a
 * tail percentile means little without knowing what else was running.
 */
final class MachineLoad {

    private MachineLoad() {
    }

    static String now() {
        return String.format(Locale.ROOT, "load average %.2f on %d cores",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }
}
