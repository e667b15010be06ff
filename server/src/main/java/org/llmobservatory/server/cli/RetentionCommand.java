package org.llmobservatory.server.cli;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.llmobservatory.server.config.Environment;
import org.llmobservatory.storage.config.Retention;
import org.llmobservatory.storage.schema.PartitionMaintenance;
import org.llmobservatory.storage.schema.TableSizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code observatory retention run [--days N]}: applies retention now, to free disk space at once. */
@Command(name = "retention",
        mixinStandardHelpOptions = true,
        header = "Applies the retention now instead of at the service's next hourly round.",
        description = "Works on the database 'serve' uses (same environment variables), whether or not the"
                + " service is running.",
        subcommands = {RetentionCommand.Run.class})
final class RetentionCommand {

    private final Environment env;

    RetentionCommand(Environment env) {
        this.env = env;
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            header = "Drops the daily partitions and usage rollups past retention now, and says what that freed.",
            description = "Dropping a partition returns its disk space to the filesystem at once. Deleted rollup rows"
                    + " leave space that new rows reuse.")
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--days", paramLabel = "N", description = "keep N days of spans, logs and metrics for this"
                + " run instead of OBSERVATORY_RETENTION_DAYS (at least 1); what is older is dropped")
        Integer days;

        @Override
        public Integer call() {
            RetentionCommand parent = (RetentionCommand) spec.parent().userObject();
            return AdminAction.run(parent.env, spec, "observatory retention", admin -> {
                Retention retention = retention(admin.database().retention());
                TableSizes sizes = admin.database().tableSizes();
                long before = total(sizes.read());
                List<String> dropped;
                try (PartitionMaintenance partitions = admin.database().partitions(retention)) {
                    dropped = partitions.dropExpired();
                }
                int rollupRows = admin.database().rollups(retention).dropExpired();
                long after = total(sizes.read());
                String kept = retention.spans().toDays() + " days of spans, logs and metrics, "
                        + retention.rollups().toDays() + " days of hourly usage rollups";
                if (dropped.isEmpty() && rollupRows == 0) {
                    admin.out().printf("Nothing is past retention (%s). The telemetry tables take %s.%n", kept,
                            bytes(after));
                    return 0;
                }
                admin.out().printf("Kept %s.%n", kept);
                admin.out().printf("Dropped %d daily partition(s)%s%n", dropped.size(),
                        dropped.isEmpty() ? "." : ": " + String.join(", ", dropped));
                admin.out().printf("Deleted %,d usage rollup row(s).%n", rollupRows);
                admin.out().printf("The telemetry tables took %s and take %s now: %s freed.%n", bytes(before),
                        bytes(after), bytes(Math.max(0, before - after)));
                return 0;
            });
        }

        private Retention retention(Retention configured) {
            if (days == null) {
                return configured;
            }
            if (days < 1) {
                throw new IllegalArgumentException("--days must be at least 1, got " + days);
            }
            Duration telemetry = Duration.ofDays(days);
            return new Retention(telemetry, telemetry, telemetry, configured.rollups(), configured.daysAhead());
        }

        private static long total(Map<String, TableSizes.TableSize> sizes) {
            return sizes.values().stream().mapToLong(TableSizes.TableSize::bytes).sum();
        }

        /** Bytes as a person reads them: 912 KiB, 3.4 MiB, 1.2 GiB. */
        static String bytes(long bytes) {
            String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
            double value = bytes;
            int unit = 0;
            while (value >= 1024 && unit < units.length - 1) {
                value /= 1024;
                unit++;
            }
            return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s",
                    value, units[unit]);
        }
    }
}
