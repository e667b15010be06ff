package org.llmobservatory.server.cli;

import java.util.concurrent.Callable;
import org.llmobservatory.server.config.Environment;
import org.llmobservatory.storage.auth.AccessMode;
import org.llmobservatory.storage.auth.ApiKey;
import org.llmobservatory.storage.auth.ApiKeys;
import org.llmobservatory.storage.auth.IssuedKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code observatory keys create|list|revoke}: API keys. The service is open until the first key is created; from
 * then on every ingest and query request needs a key and sees only its key's project, even after the last key is
 * revoked, until an operator runs {@code observatory access open}.
 */
@Command(name = "keys",
        mixinStandardHelpOptions = true,
        header = "Creates, lists and revokes API keys.",
        description = "Works on the database 'serve' uses (same environment variables), whether or not the"
                + " service is running.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand {

    private final Environment env;

    KeysCommand(Environment env) {
        this.env = env;
    }

    int run(CommandSpec spec, AdminAction action) {
        return AdminAction.run(env, spec, "observatory keys", action);
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
            return ((KeysCommand) spec.parent().userObject()).run(spec, admin -> {
                ApiKeys keys = admin.keys();
                boolean wasOpen = keys.mode() == AccessMode.OPEN;
                IssuedKey issued = keys.create(project, name);
                admin.out().println("created key " + issued.key().keyId() + " for project " + project);
                admin.out().println(issued.token());
                admin.out().println("This is the only time the key is shown; store it now.");
                if (wasOpen) {
                    admin.out().println("Access is now KEYS: within " + ApiKeys.RECHECK.toSeconds() + " s every"
                            + " request needs a key, and stays so even when all keys are revoked. Data sent"
                            + " before now is filed under project 'default' (see 'observatory projects move').");
                }
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
            return ((KeysCommand) spec.parent().userObject()).run(spec, admin -> {
                admin.out().printf("%-14s %-20s %-24s %-26s %s%n", "id", "project", "name", "created", "state");
                for (ApiKey key : admin.keys().list()) {
                    admin.out().printf("%-14s %-20s %-24s %-26s %s%n", key.keyId(), key.projectId(), key.name(),
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
            return ((KeysCommand) spec.parent().userObject()).run(spec, admin -> {
                ApiKeys keys = admin.keys();
                if (!keys.revoke(keyId)) {
                    admin.err().println("observatory keys: no active key with id " + keyId);
                    return 1;
                }
                admin.out().println("revoked key " + keyId + "; the service refuses it within "
                        + ApiKeys.RECHECK.toSeconds() + " s");
                if (keys.activeKeys() == 0) {
                    admin.out().println("No active key is left: the service refuses every request (401) until a key"
                            + " is created, or an operator reopens it with 'observatory access open'.");
                }
                return 0;
            });
        }
    }
}
