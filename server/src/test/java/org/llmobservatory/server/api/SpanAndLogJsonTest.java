package org.llmobservatory.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.model.LogRecord;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.SpanKind;
import org.llmobservatory.storage.model.StatusCode;
import org.llmobservatory.storage.repository.SpanNode;
import org.llmobservatory.storage.repository.TraceSummary;
import org.llmobservatory.storage.repository.TraceTree;

/**
 * The JSON of a span and of a log record, to the byte: field names and order, absent fields left out, JSON columns
 * embedded, kind and status in lower case, instants in ISO-8601, amounts as plain decimals; and a trace's tree with
 * each span's fields beside its children, whole and as an outline.
 */
class SpanAndLogJsonTest {

    private static final Json JSON = Json.responses();
    private static final Instant T0 = Instant.parse("2031-05-07T10:00:00.123456789Z");

    private static final Span FULL = Span.builder().projectId("shop").traceId("0af7651916cd43dd8448eb211c80319c")
            .spanId("b7ad6b7169203331").parentSpanId("00f067aa0ba902b7").name("chat gpt-4o").kind(SpanKind.CLIENT)
            .serviceName("checkout").startTime(T0).endTime(T0.plusNanos(1_234_567_891L))
            .statusCode(StatusCode.ERROR).statusMessage("rate \"limited\"").provider("openai").model("gpt-4o")
            .operation("chat").inputTokens(1200L).outputTokens(300L).totalTokens(1500L).cacheReadTokens(100L)
            .reasoningTokens(0L).costUsd(new BigDecimal("0.0001500000")).timeToFirstTokenMs(250.5)
            .finishReason("stop").userId("user-7").sessionId("conversation-3").environment("prod")
            .attributes("{\"gen_ai.request.temperature\": 0.2, \"n\": [1, 2]}")
            .resourceAttributes("{\"service.name\": \"checkout\"}")
            .events("[{\"name\": \"retry\", \"time\": \"2031-05-07T10:00:00Z\"}]")
            .links("[]").inputContent("[{\"role\":\"user\"}]").outputContent("héllo\nworld").build();

    private static final Span BARE = Span.builder().traceId("0af7651916cd43dd8448eb211c80319c")
            .spanId("53995c3f42cd8ad8").name("search").startTime(Instant.parse("2031-05-07T10:00:01Z"))
            .endTime(Instant.parse("2031-05-07T10:00:01Z")).build();

    private static final LogRecord LOG = new LogRecord("shop", UUID.fromString("0e6ad1c2-5d1f-4f7b-9a59-1f3c2b8e9d10"),
            T0, T0.plusMillis(5), 17, "ERROR", "tool \"search\" timed out", "checkout",
            "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", "{\"attempt\": 2}",
            "{\"service.name\": \"checkout\"}");

    private static final LogRecord BARE_LOG = LogRecord.of("shop", Instant.parse("2031-05-07T10:00:00Z"), 0, null,
            null, null, null, null, null, null);

    @Test
    void a_span_shows_every_stored_field_in_order_and_leaves_out_the_absent_ones() {
        assertThat(JSON.write(span(FULL))).isEqualTo("{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\","
                + "\"spanId\":\"b7ad6b7169203331\",\"parentSpanId\":\"00f067aa0ba902b7\",\"name\":\"chat gpt-4o\","
                + "\"kind\":\"client\",\"serviceName\":\"checkout\",\"startTime\":\"2031-05-07T10:00:00.123456789Z\","
                + "\"endTime\":\"2031-05-07T10:00:01.358024680Z\",\"durationMs\":1234.567891,\"statusCode\":\"error\","
                + "\"statusMessage\":\"rate \\\"limited\\\"\",\"provider\":\"openai\",\"model\":\"gpt-4o\","
                + "\"operation\":\"chat\",\"inputTokens\":1200,\"outputTokens\":300,\"totalTokens\":1500,"
                + "\"cacheReadTokens\":100,\"reasoningTokens\":0,\"costUsd\":0.0001500000,\"timeToFirstTokenMs\":250.5,"
                + "\"finishReason\":\"stop\",\"userId\":\"user-7\",\"sessionId\":\"conversation-3\","
                + "\"environment\":\"prod\",\"attributes\":{\"gen_ai.request.temperature\": 0.2, \"n\": [1, 2]},"
                + "\"resourceAttributes\":{\"service.name\": \"checkout\"},"
                + "\"events\":[{\"name\": \"retry\", \"time\": \"2031-05-07T10:00:00Z\"}],\"links\":[],"
                + "\"inputContent\":\"[{\\\"role\\\":\\\"user\\\"}]\",\"outputContent\":\"héllo\\nworld\"}");
        assertThat(JSON.write(span(BARE))).isEqualTo("{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\","
                + "\"spanId\":\"53995c3f42cd8ad8\",\"name\":\"search\",\"kind\":\"internal\","
                + "\"startTime\":\"2031-05-07T10:00:01Z\",\"endTime\":\"2031-05-07T10:00:01Z\",\"durationMs\":0.0,"
                + "\"statusCode\":\"unset\",\"attributes\":{},\"resourceAttributes\":{},\"events\":[],\"links\":[]}");
    }

    @Test
    void an_outline_leaves_out_the_large_fields() {
        assertThat(JSON.write(outline(FULL))).isEqualTo("{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\","
                + "\"spanId\":\"b7ad6b7169203331\",\"parentSpanId\":\"00f067aa0ba902b7\",\"name\":\"chat gpt-4o\","
                + "\"kind\":\"client\",\"serviceName\":\"checkout\",\"startTime\":\"2031-05-07T10:00:00.123456789Z\","
                + "\"endTime\":\"2031-05-07T10:00:01.358024680Z\",\"durationMs\":1234.567891,\"statusCode\":\"error\","
                + "\"provider\":\"openai\",\"model\":\"gpt-4o\",\"operation\":\"chat\",\"inputTokens\":1200,"
                + "\"outputTokens\":300,\"totalTokens\":1500,\"cacheReadTokens\":100,\"reasoningTokens\":0,"
                + "\"costUsd\":0.0001500000,\"timeToFirstTokenMs\":250.5,\"finishReason\":\"stop\","
                + "\"userId\":\"user-7\",\"sessionId\":\"conversation-3\",\"environment\":\"prod\"}");
    }

    @Test
    void a_tree_shows_each_span_beside_its_children() {
        TraceTree tree = new TraceTree(new TraceSummary("0af7651916cd43dd8448eb211c80319c", "chat gpt-4o", "checkout",
                T0, T0.plusSeconds(1), 1000.0, 2, 1, 1200, 300, 1500, new BigDecimal("0.00015"), List.of("gpt-4o")),
                List.of(new SpanNode(FULL, List.of(new SpanNode(BARE, List.of())))));
        String summary = "{\"summary\":{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"rootName\":\"chat gpt-4o\","
                + "\"serviceName\":\"checkout\",\"startTime\":\"2031-05-07T10:00:00.123456789Z\","
                + "\"endTime\":\"2031-05-07T10:00:01.123456789Z\",\"durationMs\":1000.0,\"spanCount\":2,"
                + "\"errorCount\":1,\"inputTokens\":1200,\"outputTokens\":300,\"totalTokens\":1500,"
                + "\"costUsd\":0.00015,\"models\":[\"gpt-4o\"]},\"roots\":[";

        assertThat(JSON.write(TraceTreeJson.of(tree))).isEqualTo(summary + JSON.write(span(FULL))
                .replaceFirst("}$", "") + ",\"children\":[" + JSON.write(span(BARE)).replaceFirst("}$", "")
                + ",\"children\":[]}]}]}");
        assertThat(JSON.write(TraceTreeJson.outline(tree))).isEqualTo(summary + JSON.write(outline(FULL))
                .replaceFirst("}$", "") + ",\"children\":[" + JSON.write(outline(BARE)).replaceFirst("}$", "")
                + ",\"children\":[]}]}]}");
    }

    @Test
    void a_log_record_shows_its_fields_in_order_without_its_project() {
        assertThat(JSON.write(log(LOG))).isEqualTo("{\"logId\":\"0e6ad1c2-5d1f-4f7b-9a59-1f3c2b8e9d10\","
                + "\"time\":\"2031-05-07T10:00:00.123456789Z\",\"observedTime\":\"2031-05-07T10:00:00.128456789Z\","
                + "\"severityNumber\":17,\"severityText\":\"ERROR\",\"body\":\"tool \\\"search\\\" timed out\","
                + "\"serviceName\":\"checkout\",\"traceId\":\"0af7651916cd43dd8448eb211c80319c\","
                + "\"spanId\":\"b7ad6b7169203331\",\"attributes\":{\"attempt\": 2},"
                + "\"resourceAttributes\":{\"service.name\": \"checkout\"}}");
        assertThat(JSON.write(log(BARE_LOG))).isEqualTo("{\"logId\":\"" + BARE_LOG.logId() + "\","
                + "\"time\":\"2031-05-07T10:00:00Z\",\"severityNumber\":0,\"attributes\":{},"
                + "\"resourceAttributes\":{}}");
    }

    private static Object span(Span s) {
        return RowJson.span(s);
    }

    private static Object outline(Span s) {
        return RowJson.spanOutline(s);
    }

    private static Object log(LogRecord r) {
        return RowJson.log(r);
    }
}
