package org.llmobservatory.storage.support;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.llmobservatory.storage.model.LogRecord;
import org.llmobservatory.storage.model.MetricPoint;
import org.llmobservatory.storage.model.MetricType;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.SpanKind;
import org.llmobservatory.storage.model.StatusCode;

/** Realistic telemetry for writer tests: LLM call spans, logs and metric points. */
public final class SampleTelemetry {

    private SampleTelemetry() {
    }

    public static String traceId() {
        return HexFormat.of().formatHex(randomBytes(16));
    }

    public static String spanId() {
        return HexFormat.of().formatHex(randomBytes(8));
    }

    /** An LLM chat call with every typed column filled. */
    public static Span llmSpan(String project, String traceId, Instant start) {
        return Span.builder()
                .projectId(project)
                .traceId(traceId)
                .spanId(spanId())
                .name("chat gpt-4o")
                .kind(SpanKind.CLIENT)
                .serviceName("support-bot")
                .startTime(start)
                .endTime(start.plusMillis(1234).plusNanos(567_000))
                .statusCode(StatusCode.OK)
                .provider("openai")
                .model("gpt-4o")
                .operation("chat")
                .inputTokens(1200L)
                .outputTokens(350L)
                .totalTokens(1550L)
                .cacheReadTokens(200L)
                .reasoningTokens(0L)
                .costUsd(new BigDecimal("0.0065000000"))
                .timeToFirstTokenMs(212.5)
                .finishReason("stop")
                .userId("user-42")
                .sessionId("session-7")
                .environment("production")
                .attributes("{\"gen_ai.request.temperature\": 0.2, \"custom\": \"kept\"}")
                .resourceAttributes("{\"service.name\": \"support-bot\"}")
                .events("[{\"name\": \"first_token\", \"time\": \"" + start.plusMillis(212) + "\"}]")
                .inputContent("What is my order status?")
                .outputContent("Your order shipped yesterday.")
                .build();
    }

    /** {@code count} spans of one project, one trace each, one millisecond apart from {@code start}. */
    public static List<Span> llmSpans(String project, int count, Instant start) {
        List<Span> spans = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            spans.add(llmSpan(project, traceId(), start.plusMillis(i)));
        }
        return spans;
    }

    public static LogRecord log(String project, Instant time, String body) {
        return LogRecord.of(project, time, 9, "INFO", body, "support-bot", traceId(), spanId(),
                "{\"http.route\": \"/chat\"}", "{\"service.name\": \"support-bot\"}");
    }

    public static MetricPoint gauge(String project, String name, Instant time, double value) {
        return MetricPoint.number(project, name, MetricType.GAUGE, "1", "support-bot", "{\"pool\": \"main\"}",
                time, value);
    }

    public static MetricPoint histogram(String project, Instant time) {
        return MetricPoint.histogram(project, "gen_ai.client.operation.duration", "s", "support-bot",
                "{\"gen_ai.request.model\": \"gpt-4o\"}", time.minusSeconds(60), time, 10, 12.5, 0.2, 4.1,
                new long[] {1, 4, 3, 2, 0}, new double[] {0.5, 1, 2.5, 5});
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
