package org.llmobservatory.server.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.llmobservatory.server.demo.DemoCatalog.Model;

/**
 * Model calls as a GenAI instrumentation writes them: a streamed {@code chat} span with the prompt, the
 * completion, token usage and a first-token event, and the call in the client metrics. Now and then the
 * provider answers 429: that attempt is a failed span and a warning in the log, and the call is retried after a
 * pause.
 */
final class ModelCalls {

    /** When the call ended, how many input tokens it had, and how many spans it took (2 after a 429). */
    record Result(Instant end, long inputTokens, int spans) {
    }

    private static final int RATE_LIMITED_ONE_IN = 40;

    private final DemoTelemetry telemetry;
    private final ClientMetrics metrics;
    private final SplittableRandom random;

    ModelCalls(DemoTelemetry telemetry, ClientMetrics metrics, SplittableRandom random) {
        this.telemetry = telemetry;
        this.metrics = metrics;
        this.random = random;
    }

    /**
     * Sends {@code prompt} to the conversation's model at {@code start}; the model answers {@code reply} and
     * stops for {@code finishReason}. {@code cachedTokens} of the input were read from the provider's cache.
     */
    Result call(Tracer tracer, Context parent, Conversation conversation, List<ObjectNode> prompt,
            ObjectNode reply, String finishReason, long cachedTokens, Instant start) {
        int spans = 1;
        Instant begin = start;
        if (random.nextInt(RATE_LIMITED_ONE_IN) == 0) {
            begin = rateLimited(tracer, parent, conversation, prompt, start);
            spans++;
        }
        Model model = conversation.model();
        long input = conversation.contextTokens() + GenAiMessages.tokens(prompt);
        long output = GenAiMessages.tokens(List.of(reply));
        long ttftMs = model.ttftMs() + random.nextInt(200) + input / 20;
        Duration duration = Duration.ofMillis(ttftMs + output * model.msPerToken());
        Span span = started(tracer, parent, conversation, prompt, begin);
        span.setAttribute("gen_ai.response.model", model.name());
        span.setAttribute("gen_ai.usage.input_tokens", input);
        span.setAttribute("gen_ai.usage.output_tokens", output);
        if (cachedTokens > 0) {
            span.setAttribute("gen_ai.usage.cache_read.input_tokens", Math.min(cachedTokens, input));
        }
        span.setAttribute(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of(finishReason));
        span.setAttribute("gen_ai.output.messages", GenAiMessages.output(reply, finishReason));
        span.addEvent("gen_ai.content.first_token", begin.plusMillis(ttftMs));
        Instant end = begin.plus(duration);
        span.end(end);
        metrics.record(conversation.service(), end, duration, metricAttributes(model).toBuilder()
                .put("gen_ai.response.model", model.name()).build(), input, output);
        return new Result(end.plusMillis(5), input, spans);
    }

    /** An attempt the provider refuses with 429; returns when the retry starts. */
    private Instant rateLimited(Tracer tracer, Context parent, Conversation conversation, List<ObjectNode> prompt,
            Instant start) {
        Model model = conversation.model();
        Duration duration = Duration.ofMillis(80 + random.nextInt(100));
        Span span = started(tracer, parent, conversation, prompt, start);
        span.setStatus(StatusCode.ERROR, "429 Too Many Requests");
        span.setAttribute("error.type", "429");
        Instant end = start.plus(duration);
        span.end(end);
        Duration pause = Duration.ofMillis(500 + random.nextInt(1_500));
        telemetry.log(conversation.service(), parent.with(span), end, Severity.WARN,
                String.format(Locale.ROOT, "%s rate-limited chat %s (429 Too Many Requests); retrying in %.1f s",
                        model.provider(), model.name(), pause.toMillis() / 1000.0),
                Attributes.builder().put("error.type", "429").put("http.response.status_code", 429L)
                        .put("gen_ai.conversation.id", conversation.id()).build());
        metrics.record(conversation.service(), end, duration,
                metricAttributes(model).toBuilder().put("error.type", "429").build(), null, null);
        return end.plus(pause);
    }

    private static Span started(Tracer tracer, Context parent, Conversation conversation, List<ObjectNode> prompt,
            Instant start) {
        Model model = conversation.model();
        return tracer.spanBuilder("chat " + model.name()).setParent(parent).setSpanKind(SpanKind.CLIENT)
                .setStartTimestamp(start)
                .setAttribute("gen_ai.operation.name", "chat")
                .setAttribute("gen_ai.provider.name", model.provider())
                .setAttribute("gen_ai.request.model", model.name())
                .setAttribute("gen_ai.request.temperature", 0.2)
                .setAttribute("gen_ai.request.stream", true)
                .setAttribute("gen_ai.conversation.id", conversation.id())
                .setAttribute("user.id", conversation.userId())
                .setAttribute("gen_ai.input.messages", GenAiMessages.input(prompt))
                .startSpan();
    }

    private static Attributes metricAttributes(Model model) {
        return Attributes.builder()
                .put("gen_ai.operation.name", "chat")
                .put("gen_ai.provider.name", model.provider())
                .put("gen_ai.request.model", model.name())
                .build();
    }
}
