package org.llmobservatory.bench;

import java.nio.file.Path;
import org.llmobservatory.bench.report.Scale;

/**
 * The options of the report-writing benchmarks: {@code [--full] [--out DIR] [--keep DIR]}; {@code keep}
 * (null when not given) is where a benchmark that loads a database leaves it for inspection afterwards.
 */
record CommandLine(Scale scale, Path out, Path keep) {

    static CommandLine parse(String[] args, String defaultOut) {
        boolean full = false;
        Path out = Path.of(defaultOut);
        Path keep = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--full" -> full = true;
                case "--out" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--out needs a directory");
                    }
                    out = Path.of(args[++i]);
                }
                case "--keep" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--keep needs a directory");
                    }
                    keep = Path.of(args[++i]);
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; expected [--full] [--out DIR] [--keep DIR]");
            }
        }
        return new CommandLine(full ? Scale.FULL : Scale.SMOKE, out, keep);
    }
}
