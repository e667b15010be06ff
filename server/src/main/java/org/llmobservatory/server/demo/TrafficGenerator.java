package org.llmobservatory.server.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.llmobservatory.server.demo.Conversation.Turn;
import org.llmobservatory.server.demo.DemoCatalog.Exchange;
import org.llmobservatory.server.demo.DemoCatalog.ToolUse;

/**
 * Writes realistic LLM traffic through the OpenTelemetry SDK, as instrumented applications would: one agent
 * trace per turn of a conversation, its model calls carrying the prompt (with the conversation so far) and the
 * completion, a tool call when the question needs one, a log record for the answer, and the GenAI client
 * metrics.
 */
final class TrafficGenerator {

    private static final String ID_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final DemoTelemetry telemetry;
    private final SplittableRandom random;
    private final ModelCalls models;
    private final ToolCalls tools;

    TrafficGenerator(DemoTelemetry telemetry, ClientMetrics metrics, SplittableRandom random) {
        this.telemetry = telemetry;
        this.random = random;
        this.models = new ModelCalls(telemetry, metrics, random);
        this.tools = new ToolCalls(telemetry, random);
    }

    /** The agent's trace for one turn, starting at the turn's start. Returns the number of spans it produced. */
    int turn(Turn turn) {
        Conversation conversation = turn.conversation();
        Exchange exchange = turn.exchange();
        Tracer tracer = telemetry.tracer(conversation.service());
        Span agent = tracer.spanBuilder("invoke_agent " + conversation.service()).setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(turn.start())
                .setAttribute("gen_ai.operation.name", "invoke_agent")
                .setAttribute("gen_ai.agent.name", conversation.service())
                .setAttribute("gen_ai.conversation.id", conversation.id())
                .setAttribute("user.id", conversation.userId())
                .startSpan();
        Context parent = Context.root().with(agent);
        List<ObjectNode> prompt = conversation.prompt(exchange.question());
        // The provider caches the prompt's prefix: the instructions and tools after the first turn.
        long cached = turn.number() > 1 ? conversation.contextTokens() : 0;
        Instant t = turn.start().plusMillis(20 + random.nextInt(30));
        int spans = 1;
        String answer = exchange.answer();
        ToolUse tool = exchange.tool();
        boolean toolFailed = false;
        if (tool != null) {
            String callId = "call_" + randomId(12);
            ObjectNode request = GenAiMessages.toolRequest("Let me check that with " + tool.name() + ".", callId,
                    tool.name(), tool.arguments());
            ModelCalls.Result asked = models.call(tracer, parent, conversation, prompt, request, "tool_calls", cached,
                    t);
            ToolCalls.Result result = tools.call(tracer, parent, conversation, callId, tool, asked.end());
            spans += asked.spans() + 1;
            prompt.add(request);
            prompt.add(GenAiMessages.toolResponse(callId, result.response()));
            toolFailed = result.failed();
            if (toolFailed) {
                answer = "Sorry, I can't tell you right now: " + tool.name() + " did not answer in time. Please try"
                        + " again in a minute.";
            }
            cached = asked.inputTokens();
            t = result.end();
        }
        ModelCalls.Result answered = models.call(tracer, parent, conversation, prompt,
                GenAiMessages.assistant(answer), "stop", cached, t);
        spans += answered.spans();
        if (toolFailed) {
            agent.setStatus(StatusCode.ERROR, "tool " + tool.name() + " failed");
        }
        Instant end = answered.end().plusMillis(5);
        agent.end(end);
        telemetry.log(conversation.service(), parent, end, Severity.INFO,
                String.format(Locale.ROOT, "answered turn %d in %.1f s %s", turn.number(),
                        Duration.between(turn.start(), end).toMillis() / 1000.0, tool == null ? "straight away"
                                : toolFailed ? "without " + tool.name() + ", which failed" : "using " + tool.name()),
                Attributes.builder().put("gen_ai.conversation.id", conversation.id())
                        .put("user.id", conversation.userId()).build());
        conversation.remember(exchange.question(), answer);
        return spans;
    }

    private String randomId(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ID_CHARACTERS.charAt(random.nextInt(ID_CHARACTERS.length())));
        }
        return id.toString();
    }
}
