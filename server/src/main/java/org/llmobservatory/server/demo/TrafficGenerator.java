package org.llmobservatory.server.demo;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.llmobservatory.server.demo.DemoCatalog.Model;

/**
 * Writes realistic LLM traffic through the OpenTelemetry SDK, as instrumented applications would:
 * agent traces of model calls and tool calls with GenAI attributes, streamed calls with a first-token
 * event, rate-limit errors, a log line per trace and the GenAI client metrics ({@link ClientMetrics}).
 * Timestamps are spread over the past hour, so dashboards have a history to show.
 */
final class TrafficGenerator {

    private final DemoTelemetry telemetry;
    private final ClientMetrics metrics;
    private final SplittableRandom random;

    TrafficGenerator(DemoTelemetry telemetry, ClientMetrics metrics, long seed) {
        this.telemetry = telemetry;
        this.metrics = metrics;
        this.random = new SplittableRandom(seed);
    }

    /** One agent trace, ending around {@code end}. Returns the number of spans it produced. */
    int agentTrace(Instant end) {
        String service = DemoCatalog.SERVICES.get(random.nextInt(DemoCatalog.SERVICES.size()));
        Tracer tracer = telemetry.tracer(service);
        int steps = 1 + random.nextInt(3);
        Instant start = end.minusMillis(2_000L * steps + random.nextInt(2_000));
        Span agent = tracer.spanBuilder("invoke_agent " + service).setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(start)
                .setAttribute("gen_ai.operation.name", "invoke_agent")
                .setAttribute("gen_ai.agent.name", service)
                .setAttribute("user.id", "user-" + random.nextInt(40))
                .setAttribute("gen_ai.conversation.id", "conversation-" + random.nextInt(200))
                .startSpan();
        Context parent = Context.current().with(agent);
        Instant t = start.plusMillis(20);
        int spans = 1;
        boolean failed = false;
        for (int step = 0; step < steps; step++) {
            t = modelCall(tracer, parent, t, service);
            spans++;
            if (random.nextInt(3) == 0) {
                t = toolCall(tracer, parent, t);
                spans++;
            }
        }
        if (random.nextInt(25) == 0) {
            failed = true;
            agent.setStatus(StatusCode.ERROR, "tool call failed");
        }
        agent.end(t.plusMillis(10));
        telemetry.logger(service).logRecordBuilder()
                .setTimestamp(t)
                .setContext(parent)
                .setSeverity(failed ? Severity.ERROR : Severity.INFO)
                .setSeverityText(failed ? "ERROR" : "INFO")
                .setBody(failed ? "agent gave up after a failed tool call" : "agent answered in " + steps + " steps")
                .emit();
        return spans;
    }

    private Instant modelCall(Tracer tracer, Context parent, Instant start, String service) {
        Model model = DemoCatalog.MODELS.get(random.nextInt(DemoCatalog.MODELS.size()));
        long input = 300 + random.nextInt(3_000);
        long output = 20 + random.nextInt(700);
        long cached = random.nextInt(3) == 0 ? input / 2 : 0;
        boolean rateLimited = random.nextInt(40) == 0;
        long ttft = model.ttftMs() + random.nextInt(200);
        long duration = rateLimited ? 80 + random.nextInt(100) : ttft + output * model.msPerToken() / 4;
        Span call = tracer.spanBuilder("chat " + model.name()).setParent(parent).setSpanKind(SpanKind.CLIENT)
                .setStartTimestamp(start)
                .setAttribute("gen_ai.operation.name", "chat")
                .setAttribute("gen_ai.provider.name", model.provider())
                .setAttribute("gen_ai.request.model", model.name())
                .setAttribute("gen_ai.request.temperature", 0.2)
                .setAttribute("gen_ai.request.stream", true)
                .setAttribute("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\""
                        + DemoCatalog.QUESTIONS.get(random.nextInt(DemoCatalog.QUESTIONS.size())) + "\"}]}]")
                .startSpan();
        if (rateLimited) {
            call.setStatus(StatusCode.ERROR, "429 Too Many Requests");
            call.setAttribute("error.type", "429");
        } else {
            call.setAttribute("gen_ai.response.model", model.name());
            call.setAttribute("gen_ai.usage.input_tokens", input);
            call.setAttribute("gen_ai.usage.output_tokens", output);
            if (cached > 0) {
                call.setAttribute("gen_ai.usage.cache_read.input_tokens", cached);
            }
            call.setAttribute(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"),
                    java.util.List.of(random.nextInt(10) == 0 ? "length" : "stop"));
            call.addEvent("gen_ai.content.first_token", start.plusMillis(ttft));
        }
        Instant end = start.plusMillis(duration);
        call.end(end);
        if (!rateLimited) {
            metrics.record(service, end, Duration.ofMillis(duration), Attributes.builder()
                    .put("gen_ai.provider.name", model.provider())
                    .put("gen_ai.request.model", model.name())
                    .put("gen_ai.operation.name", "chat").build(), input, output);
        }
        return end.plusMillis(5);
    }

    private Instant toolCall(Tracer tracer, Context parent, Instant start) {
        String tool = DemoCatalog.TOOLS.get(random.nextInt(DemoCatalog.TOOLS.size()));
        Span span = tracer.spanBuilder("execute_tool " + tool).setParent(parent).setSpanKind(SpanKind.INTERNAL)
                .setStartTimestamp(start)
                .setAttribute("gen_ai.operation.name", "execute_tool")
                .setAttribute("gen_ai.tool.name", tool)
                .startSpan();
        Instant end = start.plusMillis(15 + random.nextInt(600));
        span.end(end);
        return end.plusMillis(5);
    }
}
