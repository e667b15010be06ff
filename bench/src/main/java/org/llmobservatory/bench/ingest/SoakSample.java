package org.llmobservatory.bench.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One row of the soak driver's CSV: the service's state at the end of a sampling window. */
record SoakSample(long elapsedSeconds, double rssMib, long requestsOk, long requests503, long requestsFailed,
                  String loadAverage) {

    /** The rows of a soak CSV; fails when there are none or the service was gone (RSS -1) at one. */
    static List<SoakSample> read(Path csv) throws IOException {
        List<SoakSample> samples = Files.readAllLines(csv).stream().skip(1).filter(l -> !l.isBlank())
                .map(SoakSample::parse).toList();
        if (samples.isEmpty()) {
            throw new IllegalStateException("the soak wrote no samples to " + csv);
        }
        if (samples.stream().anyMatch(s -> s.rssMib() < 0)) {
            throw new IllegalStateException("the service was gone during the soak (RSS -1 in " + csv + ")");
        }
        return samples;
    }

    // elapsed_s,rss_mib,gc_pause_seconds_total,requests_ok,requests_503,requests_failed,requests_skipped,
    // p50_ms,p99_ms,load_avg_1m
    private static SoakSample parse(String line) {
        String[] f = line.split(",", -1);
        return new SoakSample(Long.parseLong(f[0]), Double.parseDouble(f[1]), Long.parseLong(f[3]),
                Long.parseLong(f[4]), Long.parseLong(f[5]), f[9]);
    }
}
