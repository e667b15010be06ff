package org.llmobservatory.server.cli;

import java.util.Map;
import org.llmobservatory.server.config.Environment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code observatory} command line: {@code observatory serve}, {@code --help}, {@code --version}. */
@Command(name = "observatory",
        mixinStandardHelpOptions = true,
        versionProvider = ObservatoryCommand.Version.class,
        description = "Stores LLM telemetry (traces, logs, metrics) in PostgreSQL and serves it.",
        subcommands = {ServeCommand.class, DemoCommand.class, KeysCommand.class, AccessCommand.class,
            ProjectsCommand.class, RollupsCommand.class, RetentionCommand.class, CommandLine.HelpCommand.class})
public final class ObservatoryCommand implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** The command line with its subcommands reading configuration from {@code env}. */
    public static CommandLine commandLine(Map<String, String> variables) {
        Environment env = new Environment(variables);
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        return new CommandLine(new ObservatoryCommand(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == ServeCommand.class) {
                    return type.cast(new ServeCommand(env));
                }
                if (type == DemoCommand.class) {
                    return type.cast(new DemoCommand(env));
                }
                if (type == KeysCommand.class) {
                    return type.cast(new KeysCommand(env));
                }
                if (type == AccessCommand.class) {
                    return type.cast(new AccessCommand(env));
                }
                if (type == ProjectsCommand.class) {
                    return type.cast(new ProjectsCommand(env));
                }
                if (type == RollupsCommand.class) {
                    return type.cast(new RollupsCommand(env));
                }
                if (type == RetentionCommand.class) {
                    return type.cast(new RetentionCommand(env));
                }
                return defaults.create(type);
            }
        });
    }

    /** With no subcommand there is nothing to do: say so and show what there is. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'observatory serve'");
    }

    /** The project version from the jar's manifest, and the Java running it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ObservatoryCommand.class.getPackage().getImplementationVersion();
            return new String[] {
                "observatory " + (version == null ? "(development build)" : version),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", "
                        + System.getProperty("java.home") + ")"
            };
        }
    }
}
