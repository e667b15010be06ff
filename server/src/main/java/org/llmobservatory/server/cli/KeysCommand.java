package org.llmobservatory.server.cli;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.llmobservatory.storage.auth.ApiKey;
import org.llmobservatory.storage.auth.IssuedKey;
import org.llmobservatory.storage.config.StorageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code observatory keys create|list|revoke}: API keys. While no key exists the service is open to
 * anyone who can reach it (and binds to 127.0.0.1 by default); once one exists, every ingest and query
 * request needs a key and sees only its key's project.
 */
@Command(name = "keys",
        mixinStandardHelpOptions = true,
        header = "Creates, lists and revokes API keys.",
        description = "Works on the database 'serve' uses (same environment variables), whether or not the"
                + " service is running.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand {

    private final Map<String, String> env;

    KeysCommand(Map<String, String> env) {
        this.env = env;
    }

    /** Runs {@code action} against the key store; the exit status says how it went. */
    int run(CommandSpec spec, KeyAction action) {
        PrintWriter err = spec.commandLine().getErr();
        try (KeyStore store = KeyStore.open(StorageConfig.fromEnvironment(env))) {
            return action.run(store, spec.commandLine().getOut());
        } catch (IllegalArgumentException e) {
            err.println("observatory keys: " + e.getMessage());
            return ServeCommand.CONFIGURATION_ERROR;
        } catch (SQLException | RuntimeException e) {
            err.println("observatory keys: " + e.getMessage());
            return ServeCommand.START_FAILED;
        }
    }

    interface KeyAction {
        int run(KeyStore store, PrintWriter out) throws SQLException;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, header = "Creates a key bound to a project.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--project", required = true, description = "the project the key reads and writes")
        String project;

        @Option(names = "--name", description = "a label to recognise the key by")
        String name;

        @Override
        public Integer call() {
            return ((KeysCommand) spec.parent().userObject()).run(spec, (store, out) -> {
                IssuedKey issued = store.keys().create(project, name);
                out.println("created key " + issued.key().keyId() + " for project " + project);
                out.println(issued.token());
                out.println("This is the only time the key is shown; store it now.");
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, header = "Lists keys (never their secrets).")
    static final class ListKeys implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return ((KeysCommand) spec.parent().userObject()).run(spec, (store, out) -> {
                out.printf("%-14s %-20s %-24s %-26s %s%n", "id", "project", "name", "created", "state");
                for (ApiKey key : store.keys().list()) {
                    out.printf("%-14s %-20s %-24s %-26s %s%n", key.keyId(), key.projectId(), key.name(),
                            key.createdAt(), key.revokedAt().map(t -> "revoked " + t).orElse("active"));
                }
                return 0;
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, header = "Revokes a key by its id.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "the key id shown by 'keys list'")
        String keyId;

        @Override
        public Integer call() {
            return ((KeysCommand) spec.parent().userObject()).run(spec, (store, out) -> {
                if (!store.keys().revoke(keyId)) {
                    spec.commandLine().getErr().println("observatory keys: no active key with id " + keyId);
                    return 1;
                }
                out.println("revoked key " + keyId + "; the service refuses it within 5 s");
                return 0;
            });
        }
    }
}
