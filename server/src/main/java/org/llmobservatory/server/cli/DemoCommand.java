package org.llmobservatory.server.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.llmobservatory.server.config.Environment;
import org.llmobservatory.server.demo.DemoTraffic;
import org.llmobservatory.server.demo.UsageSummary;
import org.llmobservatory.server.service.ObservatoryService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code observatory demo}: starts the service like {@code serve} (or uses a running one), sends it
 * realistic LLM traffic through the OpenTelemetry SDK's OTLP exporters, and prints what the query API
 * then says about usage.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        header = "Starts the service, fills it with realistic LLM traffic over OTLP, and prints a usage summary.",
        description = {
            "Without --otlp-endpoint, starts the service exactly as 'serve' does (same environment"
                    + " variables) and keeps it running after the summary until Ctrl-C, unless --exit is given.",
            "With --otlp-endpoint, sends the traffic to a service that is already running."
        })
final class DemoCommand implements Callable<Integer> {

    private final Environment env;

    @Spec
    CommandSpec spec;

    @Option(names = "--traces", description = "agent traces to send (default: ${DEFAULT-VALUE})", defaultValue = "300")
    int traces;

    @Option(names = "--otlp-endpoint", description = "OTLP/HTTP base URL of a running service, e.g. http://127.0.0.1:4318")
    String otlpEndpoint;

    @Option(names = "--api", description = "query API base URL of that service, e.g. http://127.0.0.1:8080")
    String api;

    @Option(names = "--api-key", description = "API key to send, when the service requires one")
    String apiKey;

    @Option(names = "--exit", description = "stop the service once the summary is printed")
    boolean exit;

    DemoCommand(Environment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (traces < 1 || traces > 1_000_000) {
            spec.commandLine().getErr().println("observatory demo: --traces must be between 1 and 1000000");
            return ServeCommand.CONFIGURATION_ERROR;
        }
        ObservatoryService service = null;
        if (otlpEndpoint == null) {
            try {
                service = ObservatoryService.start(env.server(), env.storage());
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("observatory demo: configuration error: " + e.getMessage());
                return ServeCommand.CONFIGURATION_ERROR;
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("observatory demo: could not start: " + e.getMessage());
                return ServeCommand.START_FAILED;
            }
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(service::stop));
            otlpEndpoint = "http://127.0.0.1:" + service.ports().otlpHttp();
            api = "http://127.0.0.1:" + service.ports().api();
        }
        var refusal = DemoTraffic.refusal(otlpEndpoint, apiKey);
        if (refusal.isPresent()) {
            spec.commandLine().getErr().println("observatory demo: " + refusal.get());
            return 1;
        }
        Instant started = Instant.now();
        DemoTraffic.Result sent;
        if (Terminal.attached()) {
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("sending traces").setInitialMax(traces)
                    .setUpdateIntervalMillis(200).build()) {
                sent = DemoTraffic.send(otlpEndpoint, apiKey, traces, started, bar::step);
            }
        } else {
            sent = DemoTraffic.send(otlpEndpoint, apiKey, traces, started, () -> { });
        }
        out.printf("sent %d traces (%d spans, %d log records) and their metrics over OTLP/HTTP in %.1f s: %s%n",
                traces, sent.spans(), sent.logRecords(),
                Duration.between(started, Instant.now()).toMillis() / 1000.0,
                sent.exported() ? "every export acknowledged" : "SOME EXPORTS FAILED");
        if (api != null) {
            UsageSummary.fetch(api, apiKey, started.minus(Duration.ofHours(2)), Instant.now().plusSeconds(60))
                    .print(out);
        } else {
            out.println("no usage summary: add --api with that service's query API URL (e.g."
                    + " http://127.0.0.1:8080) to get one");
        }
        if (service != null) {
            out.println();
            out.println("web UI:   " + api + "/");
            out.println("health:   " + service.managementUrl() + "/health");
            out.println("metrics:  " + service.managementUrl() + "/metrics");
            out.println("traces:   " + api + "/api/v1/traces");
            out.println("usage:    " + api + "/api/v1/usage?groupBy=model");
            out.println("API spec: " + api + "/api/v1/openapi.json");
            out.flush();
            if (exit) {
                service.stop();
            } else {
                out.println("the service keeps running; Ctrl-C stops it");
                out.flush();
                service.awaitStopped();
            }
        }
        return sent.exported() ? 0 : 1;
    }
}
