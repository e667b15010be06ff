package org.llmobservatory.server.support;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Records spans with the real OpenTelemetry Java SDK, as an instrumented LLM application would, so
 * tests can hand them to the SDK's own OTLP exporters.
 */
public final class SdkClient {

    private SdkClient() {
    }

    /** An agent step with {@code calls} OpenAI chat calls under it (GenAI semantic conventions). */
    public static List<SpanData> agentTrace(String service, int calls, long inputTokens, long outputTokens) {
        Collected collected = new Collected();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
                .addSpanProcessor(SimpleSpanProcessor.create(collected))
                .build()) {
            Tracer tracer = provider.get("llm-app");
            var agent = tracer.spanBuilder("invoke_agent support").setSpanKind(SpanKind.SERVER).startSpan();
            try (Scope ignored = agent.makeCurrent()) {
                for (int i = 0; i < calls; i++) {
                    tracer.spanBuilder("chat gpt-4o").setSpanKind(SpanKind.CLIENT)
                            .setAttribute("gen_ai.operation.name", "chat")
                            .setAttribute("gen_ai.provider.name", "openai")
                            .setAttribute("gen_ai.request.model", "gpt-4o")
                            .setAttribute("gen_ai.usage.input_tokens", inputTokens)
                            .setAttribute("gen_ai.usage.output_tokens", outputTokens)
                            .setAttribute("gen_ai.conversation.id", "conversation-1")
                            .startSpan().end();
                }
            } finally {
                agent.end();
            }
        }
        return collected.spans;
    }

    private static final class Collected implements SpanExporter {
        final List<SpanData> spans = new ArrayList<>();

        @Override
        public synchronized CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
