package org.llmobservatory.server.cli;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.llmobservatory.server.config.Environment;
import org.llmobservatory.storage.schema.ProjectData;
import org.llmobservatory.storage.schema.TelemetryTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code observatory projects move --from default --to shop}: files a project's telemetry under another. */
@Command(name = "projects",
        mixinStandardHelpOptions = true,
        header = "Moves stored telemetry between projects.",
        description = "Works on the database 'serve' uses (same environment variables), whether or not the"
                + " service is running.",
        subcommands = {ProjectsCommand.Move.class})
final class ProjectsCommand {

    private final Environment env;

    ProjectsCommand(Environment env) {
        this.env = env;
    }

    @Command(name = "move", mixinStandardHelpOptions = true,
            header = "Files every span, log record and metric point of one project under another.",
            description = "Data sent while the service was open is under 'default'; after creating a key for"
                    + " another project, move it there so that the key sees it. One transaction: all or nothing."
                    + " Cached query answers may show the old state for up to 30 s.")
    static final class Move implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--from", required = true, description = "the project the data is under now")
        String from;

        @Option(names = "--to", required = true, description = "the project to file it under")
        String to;

        @Override
        public Integer call() {
            ProjectsCommand parent = (ProjectsCommand) spec.parent().userObject();
            return AdminAction.run(parent.env, spec, "observatory projects", admin -> {
                Map<TelemetryTable, ProjectData.Moved> moved = admin.database().projects().move(from, to);
                for (var entry : moved.entrySet()) {
                    admin.out().printf("%-14s %,d rows moved from '%s' to '%s'%s%n", entry.getKey().tableName(),
                            entry.getValue().rows(), from, to, entry.getValue().alreadyThere() == 0 ? ""
                                    : String.format(" (%,d were there already and are kept once)",
                                            entry.getValue().alreadyThere()));
                }
                // The move queued the hours of the moved spans for a rollup rebuild; done here, usage is right the
                // moment this command returns (a running service would otherwise do it within seconds).
                try {
                    int days = admin.database().rollups().rebuildWaiting();
                    admin.out().printf("usage rollups  recomputed for the moved spans' hours (%d day%s of a project"
                            + " rebuilt: the days of the moved spans, for both projects)%n", days, days == 1 ? "" : "s");
                } catch (SQLException e) {
                    admin.out().printf("usage rollups  not recomputed here (%s): the service recomputes the moved"
                            + " hours in the background%n", e.getMessage());
                }
                return 0;
            });
        }
    }
}
