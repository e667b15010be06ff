package org.llmobservatory.bench;

import java.util.Arrays;

/**
 * Entry point of {@code bench/run}: {@code report ...} runs the benchmark sections and writes the table
 * of figures (and, at full scale, docs/BENCHMARKS.md with its plots); {@code soak ...} drives a running
 * service for a long time (see {@code bench/soak.sh}); {@code jmh [JMH options]} runs the JMH benchmarks
 * of this module; {@code queries}, {@code endpoints} and {@code footprint} run one measurement alone.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (command) {
            case "report" -> BenchmarkReport.main(rest);
            case "soak" -> SoakDriver.main(rest);
            case "jmh" -> org.openjdk.jmh.Main.main(rest);
            case "queries" -> QueryBenchmark.main(rest);
            case "endpoints" -> EndpointLatency.main(rest);
            case "footprint" -> FootprintBenchmark.main(rest);
            default -> {
                System.out.println("usage: " + BenchmarkReport.usage());
                System.out.println("         smoke (default): about a minute, into bench/target/report-smoke;"
                        + " full: the published figures, into docs/benchmarks and docs/BENCHMARKS.md");
                System.out.println("       bench/run soak --endpoint URL --metrics URL --pid PID"
                        + " [--rate SPANS_PER_S|max] [--clients N] [--minutes M] [--interval S] [--csv FILE]"
                        + "  (bench/soak.sh runs it)");
                System.out.println("       bench/run jmh [JMH options, e.g. -f 1 MetricsRecordingBenchmark]");
                System.out.println("       bench/run queries [--full] [--out DIR] [--keep DIR]  (by store size)");
                System.out.println("       bench/run endpoints [--full] [--out DIR]  (/metrics and /health latency)");
                System.out.println("       bench/run footprint [--full] [--out DIR]  (bytes on disk of a day of spans,"
                        + " logs and metric points, table by table)");
                if (!command.equals("help")) {
                    System.exit(2);
                }
            }
        }
    }
}
