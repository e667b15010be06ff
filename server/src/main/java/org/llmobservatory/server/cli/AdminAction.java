package org.llmobservatory.server.cli;

import java.io.PrintWriter;
import java.sql.SQLException;
import org.llmobservatory.server.config.Environment;
import org.llmobservatory.server.config.Settings;
import org.llmobservatory.storage.auth.AccessPolicy;
import org.llmobservatory.storage.auth.ApiKeys;
import picocli.CommandLine.Model.CommandSpec;

/** One operator command's work on the {@link AdminDatabase}; {@link #run} turns its outcome into an exit status. */
@FunctionalInterface
interface AdminAction {

    int run(Admin admin) throws SQLException;

    /** What an action works with: the database, the service's access policy, and where to print. */
    record Admin(AdminDatabase database, AccessPolicy policy, PrintWriter out, PrintWriter err) {
        ApiKeys keys() {
            return database.keys(policy);
        }
    }

    /**
     * Opens the database that {@code env} configures, runs {@code action}, and closes it. A wrong setting or argument
     * exits with 2, a failure with 1; either is said on standard error after {@code name}.
     */
    static int run(Environment env, CommandSpec spec, String name, AdminAction action) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            AccessPolicy policy = env.get(Settings.AUTH);
            try (AdminDatabase database = AdminDatabase.open(env.storage())) {
                return action.run(new Admin(database, policy, spec.commandLine().getOut(), err));
            }
        } catch (IllegalArgumentException e) {
            err.println(name + ": " + e.getMessage());
            return ServeCommand.CONFIGURATION_ERROR;
        } catch (SQLException | RuntimeException e) {
            err.println(name + ": " + e.getMessage());
            return ServeCommand.START_FAILED;
        }
    }
}
