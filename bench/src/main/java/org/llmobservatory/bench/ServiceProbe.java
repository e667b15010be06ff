package org.llmobservatory.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.llmobservatory.bench.report.MachineLoad;

/** What the soak reads from a running service: its resident memory, from /proc, and its GC pauses, from /metrics. */
final class ServiceProbe {

    private final long pid;
    private final URI metrics;
    private final HttpClient http;

    ServiceProbe(long pid, URI metrics, HttpClient http) {
        this.pid = pid;
        this.metrics = metrics;
        this.http = http;
    }

    /** The service's resident set (VmRSS) in MiB, or -1 once it is gone. */
    double rssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            // The service is gone: the row says so with -1.
        }
        return -1;
    }

    /** Seconds the service's JVM has spent in GC pauses so far, or -1 when /metrics does not answer. */
    double gcPauseSeconds() {
        try {
            String text = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return text.lines().filter(l -> l.startsWith("jvm_gc_pause_seconds_sum"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The machine's one-minute load average. */
    static String loadAverage() {
        return MachineLoad.now().split(" ")[0];
    }
}
