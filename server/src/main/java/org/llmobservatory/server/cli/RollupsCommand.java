package org.llmobservatory.server.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.llmobservatory.server.config.Environment;
import org.llmobservatory.storage.repository.TimeRange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code observatory rollups rebuild [--from T] [--to T]}: recomputes the hourly usage rollups from the spans. */
@Command(name = "rollups",
        mixinStandardHelpOptions = true,
        header = "Recomputes the hourly usage rollups from the stored spans.",
        description = "Works on the database 'serve' uses (same environment variables), whether or not the"
                + " service is running.",
        subcommands = {RollupsCommand.Rebuild.class})
final class RollupsCommand {

    private final Environment env;

    RollupsCommand(Environment env) {
        this.env = env;
    }

    @Command(name = "rebuild", mixinStandardHelpOptions = true,
            header = "Recomputes the rollups of a range (whole hours) from its spans, a day at a time.",
            description = "Idempotent: a rebuilt hour holds what its spans add up to. Spans written meanwhile are"
                    + " counted once. Hours whose spans are past retention are left as they are.")
    static final class Rebuild implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--from", description = "start (ISO-8601 instant); default: the first stored span")
        String from;

        @Option(names = "--to", description = "end, exclusive (ISO-8601 instant); default: after the last stored span")
        String to;

        @Override
        public Integer call() {
            RollupsCommand parent = (RollupsCommand) spec.parent().userObject();
            return AdminAction.run(parent.env, spec, "observatory rollups", admin -> {
                Optional<TimeRange> stored = admin.database().spanTimes();
                Instant start = from != null ? instant("--from", from)
                        : stored.map(TimeRange::from).orElse(null);
                Instant end = to != null ? instant("--to", to) : stored.map(TimeRange::to).orElse(null);
                if (start == null || end == null) {
                    admin.out().println("No spans are stored: nothing to rebuild.");
                    return 0;
                }
                if (!start.isBefore(end)) {
                    throw new IllegalArgumentException("--from must be before --to");
                }
                Optional<Instant> kept = admin.database().rollups().spansKeptSince();
                if (kept.isPresent() && start.isBefore(kept.get())) {
                    admin.out().printf("Spans before %s are past retention: the rollups before it are kept as"
                            + " they are.%n", kept.get());
                    start = kept.get();
                }
                if (kept.isEmpty() || !start.isBefore(end)) {
                    admin.out().println("No stored spans in that range: nothing to rebuild.");
                    return 0;
                }
                long days = Math.max(1, (Duration.between(start, end).toSeconds() + 86_399) / 86_400);
                Progress progress = new Progress(admin.out(), days);
                long spans = admin.database().rollups().rebuild(start, end, progress::day);
                progress.done();
                admin.out().printf("rebuilt the usage rollups of %s to %s from %,d LLM spans%n", start, end, spans);
                return 0;
            });
        }

        private static Instant instant(String option, String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(option + " must be an ISO-8601 instant such as"
                        + " 2031-04-01T10:00:00Z, got: " + value);
            }
        }
    }

    /**
     * A one-line progress bar at a terminal: the days done of the days to do, and the spans counted so far. Into a
     * pipe or a log, only the last state, once.
     */
    private static final class Progress {
        private final PrintWriter out;
        private final long days;
        private final boolean drawn = Terminal.attached();
        private long done;
        private long spans;

        Progress(PrintWriter out, long days) {
            this.out = out;
            this.days = days;
        }

        void day(long spansSoFar) {
            done = Math.min(days, done + 1);
            spans = spansSoFar;
            if (drawn) {
                int width = 30;
                int filled = (int) (width * done / days);
                out.printf("\r[%s%s] %d/%d days, %,d spans", "#".repeat(filled), " ".repeat(width - filled), done,
                        days, spansSoFar);
                out.flush();
            }
        }

        void done() {
            if (!drawn) {
                out.printf("%d/%d days, %,d spans", done, days, spans);
            }
            out.println();
        }
    }
}
