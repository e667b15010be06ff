package org.llmobservatory.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The traces the UI tests look at, sent through the OpenTelemetry SDK's own OTLP/HTTP exporters with known names,
 * tokens and costs (a cost attribute on every model call, so no price table is involved), a few minutes before now.
 */
final class UiTelemetry {

    static final String SHOP = "shop-assistant";
    static final String SUPPORT = "support-bot";
    static final String HOSTILE_SERVICE = "hostile-svc";
    static final String SESSION = "session-ui-1";
    static final String USER = "user-alice";

    /** The checkout trace: four spans, two model calls costing $0.0123 and $0.0456. */
    static final String CHECKOUT_ROOT = "invoke_agent checkout";
    static final int CHECKOUT_SPANS = 4;
    static final String CHECKOUT_COST = "$0.0579";
    static final String CHECKOUT_QUESTION = "Where is my order 1042?";
    static final String CHECKOUT_ANSWER = "Order 1042 left the warehouse this morning.";
    static final String CHECKOUT_LOG = "checkout agent answered in 2 model calls";

    static final String SUPPORT_ROOT = "invoke_agent support";
    static final String RATE_LIMITED = "429 Too Many Requests";

    static final String FOLLOW_UP_ROOT = "invoke_agent follow-up";
    static final String FOLLOW_UP_QUESTION = "Can it arrive before Friday?";
    static final String FOLLOW_UP_ANSWER = "Yes, it is due on Thursday.";

    static final String HOSTILE_NAME = "<script>window.__xss=1</script>";
    static final String HOSTILE_IMG = "<img src=x onerror=\"window.__xss=1\">";

    /** Every trace sent, newest first, as the list shows them. */
    static final List<String> ROOTS = List.of(HOSTILE_NAME, FOLLOW_UP_ROOT, SUPPORT_ROOT, CHECKOUT_ROOT);

    record Sent(String checkoutTraceId, String supportTraceId, String followUpTraceId, String hostileTraceId,
            Instant now) {
    }

    private UiTelemetry() {
    }

    /** Sends the traces and the checkout trace's log record; returns their ids once the service has stored them. */
    static Sent send(String otlpEndpoint, String apiKey) {
        Map<String, String> headers = apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
        Instant now = Instant.now();
        List<String> ids = new ArrayList<>();
        try (Sdk shop = new Sdk(otlpEndpoint, headers, SHOP); Sdk support = new Sdk(otlpEndpoint, headers, SUPPORT);
                Sdk hostile = new Sdk(otlpEndpoint, headers, HOSTILE_SERVICE)) {
            ids.add(checkout(shop, now.minus(Duration.ofMinutes(40))));
            ids.add(support(support, now.minus(Duration.ofMinutes(25))));
            ids.add(followUp(shop, now.minus(Duration.ofMinutes(10))));
            ids.add(hostile(hostile, now.minus(Duration.ofMinutes(5))));
        }
        return new Sent(ids.get(0), ids.get(1), ids.get(2), ids.get(3), now);
    }

    /** Checks through the query API that every span sent was stored, so that no test looks at a partial fixture. */
    static void assertStored(String apiUrl, String apiKey) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + "/api/v1/spans?from=-1h&limit=1000"));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(response.body()).get("items")).as("spans stored").hasSize(SPANS);
        }
    }

    /** Every span sent: 4 in the checkout trace, 2 in each other one. */
    static final int SPANS = CHECKOUT_SPANS + 3 * 2;

    private static String checkout(Sdk sdk, Instant start) {
        Span root = root(sdk.tracer, CHECKOUT_ROOT, start, true);
        Context parent = Context.current().with(root);
        chat(sdk.tracer, parent, "gpt-4o", "openai", start.plusMillis(20), 900, 1200, 300, "0.0123",
                messages("user", CHECKOUT_QUESTION), null, span -> span.setAttribute("gen_ai.usage.cache_read.input_tokens", 400L));
        Span tool = sdk.tracer.spanBuilder("execute_tool lookup_order").setParent(parent).setSpanKind(SpanKind.INTERNAL)
                .setStartTimestamp(start.plusMillis(930))
                .setAttribute("gen_ai.operation.name", "execute_tool")
                .setAttribute("gen_ai.tool.name", "lookup_order")
                .startSpan();
        tool.end(start.plusMillis(1130));
        chat(sdk.tracer, parent, "claude-sonnet-4-5", "anthropic", start.plusMillis(1140), 1300, 1600, 120, "0.0456",
                messages("user", CHECKOUT_QUESTION), messages("assistant", CHECKOUT_ANSWER),
                span -> span.setAttribute("gen_ai.usage.reasoning.output_tokens", 60L));
        sdk.logs.get("ui-test").logRecordBuilder().setTimestamp(start.plusMillis(2450)).setContext(parent)
                .setSeverity(Severity.INFO).setSeverityText("INFO").setBody(CHECKOUT_LOG).emit();
        root.end(start.plusMillis(2460));
        return root.getSpanContext().getTraceId();
    }

    private static String support(Sdk sdk, Instant start) {
        Span root = sdk.tracer.spanBuilder(SUPPORT_ROOT).setSpanKind(SpanKind.SERVER).setStartTimestamp(start)
                .setAttribute("gen_ai.operation.name", "invoke_agent")
                .setAttribute("user.id", "user-bob")
                .setAttribute("gen_ai.conversation.id", "session-ui-2")
                .startSpan();
        Context parent = Context.current().with(root);
        Span call = sdk.tracer.spanBuilder("chat gpt-4o-mini").setParent(parent).setSpanKind(SpanKind.CLIENT)
                .setStartTimestamp(start.plusMillis(10))
                .setAttribute("gen_ai.operation.name", "chat")
                .setAttribute("gen_ai.provider.name", "openai")
                .setAttribute("gen_ai.request.model", "gpt-4o-mini")
                .setAttribute("error.type", "429")
                .startSpan();
        call.setStatus(StatusCode.ERROR, RATE_LIMITED);
        call.end(start.plusMillis(150));
        root.setStatus(StatusCode.ERROR, "the model refused the call");
        root.end(start.plusMillis(160));
        return root.getSpanContext().getTraceId();
    }

    private static String followUp(Sdk sdk, Instant start) {
        Span root = root(sdk.tracer, FOLLOW_UP_ROOT, start, true);
        Context parent = Context.current().with(root);
        // The plain {"role", "content"} form of messages, and the history of the conversation in the prompt.
        String prompt = "[{\"role\":\"system\",\"content\":\"You are a shop assistant.\"},"
                + "{\"role\":\"user\",\"content\":\"" + CHECKOUT_QUESTION + "\"},"
                + "{\"role\":\"assistant\",\"content\":\"" + CHECKOUT_ANSWER + "\"},"
                + "{\"role\":\"user\",\"content\":\"" + FOLLOW_UP_QUESTION + "\"}]";
        chat(sdk.tracer, parent, "gpt-4o", "openai", start.plusMillis(15), 700, 900, 40, "0.002", prompt,
                "{\"role\":\"assistant\",\"content\":\"" + FOLLOW_UP_ANSWER + "\"}", span -> { });
        root.end(start.plusMillis(730));
        return root.getSpanContext().getTraceId();
    }

    private static String hostile(Sdk sdk, Instant start) {
        Span root = sdk.tracer.spanBuilder(HOSTILE_NAME).setSpanKind(SpanKind.SERVER).setStartTimestamp(start)
                .setAttribute("note", HOSTILE_IMG)
                .setAttribute("user.id", "user-<b>mallory</b>")
                .startSpan();
        Context parent = Context.current().with(root);
        chat(sdk.tracer, parent, "gpt-4o", "openai", start.plusMillis(5), 300, 50, 10, "0.0001",
                messages("user", HOSTILE_IMG.replace("\"", "\\\"")), "<b>bold</b><script>window.__xss=1</script>",
                span -> span.setStatus(StatusCode.ERROR, HOSTILE_IMG));
        root.end(start.plusMillis(320));
        return root.getSpanContext().getTraceId();
    }

    private static Span root(Tracer tracer, String name, Instant start, boolean inSession) {
        SpanBuilder builder = tracer.spanBuilder(name).setSpanKind(SpanKind.SERVER).setStartTimestamp(start)
                .setAttribute("gen_ai.operation.name", "invoke_agent");
        if (inSession) {
            builder.setAttribute("user.id", USER).setAttribute("gen_ai.conversation.id", SESSION);
        }
        return builder.startSpan();
    }

    private static void chat(Tracer tracer, Context parent, String model, String provider, Instant start, long durationMs,
            long input, long output, String cost, String prompt, String completion, Consumer<Span> more) {
        Span call = tracer.spanBuilder("chat " + model).setParent(parent).setSpanKind(SpanKind.CLIENT)
                .setStartTimestamp(start)
                .setAttribute("gen_ai.operation.name", "chat")
                .setAttribute("gen_ai.provider.name", provider)
                .setAttribute("gen_ai.request.model", model)
                .setAttribute("gen_ai.response.model", model)
                .setAttribute("gen_ai.usage.input_tokens", input)
                .setAttribute("gen_ai.usage.output_tokens", output)
                .setAttribute("gen_ai.usage.cost", Double.parseDouble(cost))
                .setAttribute(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop"))
                .setAttribute("gen_ai.input.messages", prompt)
                .startSpan();
        if (completion != null) {
            call.setAttribute("gen_ai.output.messages", completion);
        }
        call.addEvent("gen_ai.content.first_token", start.plusMillis(durationMs / 3));
        more.accept(call);
        call.end(start.plusMillis(durationMs));
    }

    /** One GenAI message JSON array of one text part; {@code text} must need no JSON escaping. */
    private static String messages(String role, String text) {
        return "[{\"role\":\"" + role + "\",\"parts\":[{\"type\":\"text\",\"content\":\"" + text + "\"}]}]";
    }

    /** One application's SDK: spans and logs batched, exported when it is closed. */
    private static final class Sdk implements AutoCloseable {
        final SdkTracerProvider traces;
        final SdkLoggerProvider logs;
        final Tracer tracer;

        Sdk(String endpoint, Map<String, String> headers, String service) {
            Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                    AttributeKey.stringKey("service.name"), service,
                    AttributeKey.stringKey("deployment.environment.name"), "ui-test")));
            traces = SdkTracerProvider.builder().setResource(resource)
                    .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                            .setEndpoint(endpoint + "/v1/traces").setHeaders(() -> headers).build()).build())
                    .build();
            logs = SdkLoggerProvider.builder().setResource(resource)
                    .addLogRecordProcessor(BatchLogRecordProcessor.builder(OtlpHttpLogRecordExporter.builder()
                            .setEndpoint(endpoint + "/v1/logs").setHeaders(() -> headers).build()).build())
                    .build();
            tracer = traces.get("ui-test");
        }

        @Override
        public void close() {
            // Flushing exports what is batched and waits for the answer, which the service gives only once the
            // items are committed.
            assertThat(traces.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).as("spans exported").isTrue();
            assertThat(logs.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).as("logs exported").isTrue();
            traces.close();
            logs.close();
        }
    }
}
