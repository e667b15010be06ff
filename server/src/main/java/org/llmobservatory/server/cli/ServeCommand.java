package org.llmobservatory.server.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.llmobservatory.server.config.Environment;
import org.llmobservatory.server.config.SecurityConfig;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.service.ObservatoryService;
import org.llmobservatory.server.service.ShutdownDeadline;
import org.llmobservatory.storage.config.StorageConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code observatory serve}: runs the service until the process is told to stop (Ctrl-C, SIGTERM). */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        header = "Runs the service until stopped (Ctrl-C or SIGTERM).",
        description = {
            "With no database configured, starts an embedded PostgreSQL and Redis that keep their data"
                    + " in OBSERVATORY_DATA_DIR (default: ./data). Once ready, writes the ports in use to"
                    + " OBSERVATORY_DATA_DIR/ports.json."
        },
        usageHelpAutoWidth = true)
final class ServeCommand implements Callable<Integer> {

    static final int CONFIGURATION_ERROR = 2;
    static final int START_FAILED = 1;

    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    private final Environment env;

    private CommandSpec spec;

    ServeCommand(Environment env) {
        this.env = env;
    }

    /** Picocli hands over this command's model once built; {@link ServeHelp} adds the settings to its help. */
    @Spec
    void spec(CommandSpec value) {
        spec = value;
        ServeHelp.addTo(value.usageMessage());
    }

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig server;
        StorageConfig storage;
        SecurityConfig security;
        try {
            server = env.server();
            storage = env.storage();
            security = env.security();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("observatory: configuration error: " + e.getMessage());
            return CONFIGURATION_ERROR;
        }
        ObservatoryService service;
        try {
            service = ObservatoryService.start(server, storage, security);
        } catch (RuntimeException e) {
            log.debug("start failed", e);
            spec.commandLine().getErr().println("observatory: could not start: " + e.getMessage());
            return START_FAILED;
        }
        // Ctrl-C and SIGTERM run shutdown hooks: stop() drains and closes storage, so the embedded
        // PostgreSQL is shut down by us rather than left running; the deadline ends the process if that hangs.
        Duration deadline = server.shutdownTimeout();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("observatory-shutdown").unstarted(() -> {
            ShutdownDeadline.watch(service, deadline);
            service.stop();
        }));
        service.awaitStopped();
        return 0;
    }
}
