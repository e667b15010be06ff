package org.llmobservatory.server.cli;

import java.util.concurrent.Callable;
import org.llmobservatory.server.config.Environment;
import org.llmobservatory.server.config.Settings;
import org.llmobservatory.storage.auth.AccessPolicy;
import org.llmobservatory.storage.auth.ApiKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code observatory access [open|keys]}: shows or sets whether requests need an API key. The mode is kept in the
 * database, so it holds for every instance and across restarts; every running service logs the change when it
 * sees it (within {@link ApiKeys#RECHECK}).
 */
@Command(name = "access",
        mixinStandardHelpOptions = true,
        header = "Shows or sets whether requests need an API key.",
        description = {
            "Open: every request is accepted and filed under project 'default'. Keys: every request needs an active"
                    + " key. A service is open until its first key is created, and keyed from then on, also after"
                    + " its last key is revoked, until 'access open'.",
            "With OBSERVATORY_AUTH=keys the service requires keys whatever the stored mode."
        },
        subcommands = {AccessCommand.Open.class, AccessCommand.Keys.class})
final class AccessCommand implements Callable<Integer> {

    private final Environment env;

    @Spec
    CommandSpec spec;

    AccessCommand(Environment env) {
        this.env = env;
    }

    int run(CommandSpec commandSpec, AdminAction action) {
        return AdminAction.run(env, commandSpec, "observatory access", action);
    }

    /** Without a subcommand: the mode in force, the stored one, and how many keys are active. */
    @Override
    public Integer call() {
        return run(spec, admin -> {
            ApiKeys keys = admin.keys();
            admin.out().println("access: " + keys.mode());
            admin.out().println("stored mode: " + keys.storedMode());
            admin.out().println(Settings.AUTH + ": " + admin.policy().name().toLowerCase(java.util.Locale.ROOT));
            admin.out().println("active keys: " + keys.activeKeys());
            return 0;
        });
    }

    @Command(name = "open", mixinStandardHelpOptions = true,
            header = "Accepts every request without a key again (only while no key is active).")
    static final class Open implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return ((AccessCommand) spec.parent().userObject()).run(spec, admin -> {
                ApiKeys keys = admin.keys();
                try {
                    keys.reopen("an operator ran 'observatory access open'");
                } catch (IllegalStateException e) {
                    admin.err().println("observatory access: " + e.getMessage());
                    return 1;
                }
                admin.out().println("Access is now OPEN: within " + ApiKeys.RECHECK.toSeconds() + " s every request"
                        + " is accepted without a key and filed under project 'default'.");
                if (admin.policy() == AccessPolicy.KEYS) {
                    admin.out().println("Services started with " + Settings.AUTH + "=keys still require keys.");
                }
                return 0;
            });
        }
    }

    @Command(name = "keys", mixinStandardHelpOptions = true,
            header = "Requires an active key on every request, even while none exists.")
    static final class Keys implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return ((AccessCommand) spec.parent().userObject()).run(spec, admin -> {
                ApiKeys keys = admin.keys();
                keys.requireKeys("an operator ran 'observatory access keys'");
                admin.out().println("Access is now KEYS: within " + ApiKeys.RECHECK.toSeconds() + " s every request"
                        + " needs an active key (" + keys.activeKeys() + " active).");
                return 0;
            });
        }
    }
}
