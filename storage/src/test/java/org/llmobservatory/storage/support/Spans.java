package org.llmobservatory.storage.support;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.SpanKind;
import org.llmobservatory.storage.model.StatusCode;

/** Builders of spans for repository tests: start from a realistic span and change what the test is about. */
public final class Spans {

    private static final AtomicLong ids = new AtomicLong(0x1000);

    private Spans() {
    }

    /** A fresh 32-hex-digit trace id. */
    public static String traceId() {
        return HexFormat.of().toHexDigits(ids.incrementAndGet()) + HexFormat.of().toHexDigits(System.nanoTime());
    }

    /** A fresh 16-hex-digit span id. */
    public static String spanId() {
        return HexFormat.of().toHexDigits(ids.incrementAndGet());
    }

    /**
     * An OK chat call to gpt-4o by service "chat-api" for user-1 in session-1 lasting {@code durationMs},
     * with 100 input and 50 output tokens costing $0.001.
     */
    public static Span.Builder llmCall(String project, String traceId, Instant start, long durationMs) {
        return Span.builder()
                .projectId(project)
                .traceId(traceId)
                .spanId(spanId())
                .name("chat gpt-4o")
                .kind(SpanKind.CLIENT)
                .serviceName("chat-api")
                .startTime(start)
                .endTime(start.plusMillis(durationMs))
                .statusCode(StatusCode.OK)
                .provider("openai")
                .model("gpt-4o")
                .operation("chat")
                .inputTokens(100L)
                .outputTokens(50L)
                .totalTokens(150L)
                .cacheReadTokens(10L)
                .reasoningTokens(0L)
                .costUsd(new BigDecimal("0.001"))
                .timeToFirstTokenMs(durationMs / 4.0)
                .finishReason("stop")
                .userId("user-1")
                .sessionId("session-1")
                .environment("test");
    }

    /** A non-LLM span (an agent step or tool call) of service "chat-api" lasting {@code durationMs}. */
    public static Span.Builder step(String project, String traceId, String name, Instant start, long durationMs) {
        return Span.builder()
                .projectId(project)
                .traceId(traceId)
                .spanId(spanId())
                .name(name)
                .kind(SpanKind.INTERNAL)
                .serviceName("chat-api")
                .startTime(start)
                .endTime(start.plusMillis(durationMs))
                .statusCode(StatusCode.UNSET);
    }
}
