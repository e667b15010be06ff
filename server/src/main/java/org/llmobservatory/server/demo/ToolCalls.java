package org.llmobservatory.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.llmobservatory.server.demo.DemoCatalog.ToolUse;

/**
 * Tool calls as {@code execute_tool} spans, with the call's arguments and result as the GenAI conventions name
 * them ({@code gen_ai.tool.call.arguments}, {@code gen_ai.tool.call.result}). Now and then a tool times out:
 * the span fails and the agent logs an error.
 */
final class ToolCalls {

    /** When the call ended, what the agent hands back to the model, and whether the tool failed. */
    record Result(Instant end, JsonNode response, boolean failed) {
    }

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final int FAILS_ONE_IN = 12;

    private final DemoTelemetry telemetry;
    private final SplittableRandom random;

    ToolCalls(DemoTelemetry telemetry, SplittableRandom random) {
        this.telemetry = telemetry;
        this.random = random;
    }

    /** Runs {@code tool} for the model's tool call {@code callId}, at {@code start}. */
    Result call(Tracer tracer, Context parent, Conversation conversation, String callId, ToolUse tool,
            Instant start) {
        Span span = tracer.spanBuilder("execute_tool " + tool.name()).setParent(parent)
                .setSpanKind(SpanKind.INTERNAL)
                .setStartTimestamp(start)
                .setAttribute("gen_ai.operation.name", "execute_tool")
                .setAttribute("gen_ai.tool.name", tool.name())
                .setAttribute("gen_ai.tool.type", "function")
                .setAttribute("gen_ai.tool.call.id", callId)
                .setAttribute("gen_ai.tool.call.arguments", GenAiMessages.write(tool.arguments()))
                .setAttribute("gen_ai.conversation.id", conversation.id())
                .setAttribute("user.id", conversation.userId())
                .startSpan();
        if (random.nextInt(FAILS_ONE_IN) == 0) {
            Instant end = start.plus(TIMEOUT).plusMillis(random.nextInt(20));
            String error = "no answer within " + TIMEOUT.toSeconds() + " s";
            span.setStatus(StatusCode.ERROR, error);
            span.setAttribute("error.type", "timeout");
            span.end(end);
            telemetry.log(conversation.service(), parent.with(span), end, Severity.ERROR,
                    "tool " + tool.name() + " failed: " + error,
                    Attributes.builder().put("error.type", "timeout").put("gen_ai.tool.name", tool.name())
                            .put("gen_ai.conversation.id", conversation.id()).build());
            return new Result(end.plusMillis(5), GenAiMessages.JSON.createObjectNode().put("error", error), true);
        }
        Instant end = start.plusMillis(15 + random.nextInt(600));
        span.setAttribute("gen_ai.tool.call.result", GenAiMessages.write(tool.result()));
        span.end(end);
        return new Result(end.plusMillis(5), tool.result(), false);
    }
}
