package org.llmobservatory.server.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.mapping.MappedSpans;
import org.llmobservatory.server.mapping.SpanMapper;

/** The bodies a real client sends: the OpenTelemetry Java SDK's own OTLP marshaler, in both encodings. */
class SdkExporterBodiesTest {

    /** Keeps what the SDK exports, so the test can marshal it the way the OTLP exporters do. */
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

    @Test
    void the_sdk_json_body_decodes_to_the_same_request_and_spans_as_its_protobuf_body() throws IOException {
        List<SpanData> spans = recordAnAgentWithOneModelCall();
        TraceRequestMarshaler marshaler = TraceRequestMarshaler.create(spans);
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        ByteArrayOutputStream protobuf = new ByteArrayOutputStream();
        marshaler.writeJsonTo(json);
        marshaler.writeBinaryTo(protobuf);

        ExportTraceServiceRequest fromJson = OtlpJson.parseTraces(json.toByteArray());
        ExportTraceServiceRequest fromProtobuf = OtlpProtobuf.parseTraces(protobuf.toByteArray());

        assertThat(fromJson).isEqualTo(fromProtobuf);
        assertThat(fromJson.getResourceSpans(0).getScopeSpans(0).getSpansCount()).isEqualTo(2);
        SpanMapper mapper = new SpanMapper();
        MappedSpans mapped = mapper.map("p1", fromJson);
        assertThat(mapped).isEqualTo(mapper.map("p1", fromProtobuf));
        assertThat(mapped.rejected()).isEmpty();
        org.llmobservatory.storage.model.Span call = mapped.spans().stream()
                .filter(s -> s.name().equals("chat gpt-4o")).findFirst().orElseThrow();
        assertThat(call.traceId()).isEqualTo(spans.get(0).getTraceId());
        assertThat(call.parentSpanId()).isNotNull();
        assertThat(call.serviceName()).isEqualTo("chatbot");
        assertThat(call.provider()).isEqualTo("openai");
        assertThat(call.inputTokens()).isEqualTo(120);
        assertThat(call.outputTokens()).isEqualTo(30);
        assertThat(call.totalTokens()).isEqualTo(150);
        assertThat(call.finishReason()).isEqualTo("stop");
        assertThat(call.statusCode()).isEqualTo(org.llmobservatory.storage.model.StatusCode.ERROR);
        assertThat(call.statusMessage()).isEqualTo("upstream 429");
        assertThat(call.events()).contains("\"name\":\"gen_ai.content.first_token\"");
        assertThat(call.links()).contains(spans.get(0).getSpanContext().getTraceId());
    }

    private static List<SpanData> recordAnAgentWithOneModelCall() {
        Collected exporter = new Collected();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "chatbot")))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
            Tracer tracer = provider.get("test.agent", "1.0");
            Span agent = tracer.spanBuilder("invoke_agent planner").startSpan();
            try (Scope ignored = agent.makeCurrent()) {
                Span call = tracer.spanBuilder("chat gpt-4o").setSpanKind(SpanKind.CLIENT)
                        .setAttribute("gen_ai.provider.name", "openai")
                        .setAttribute("gen_ai.request.model", "gpt-4o")
                        .setAttribute("gen_ai.usage.input_tokens", 120L)
                        .setAttribute("gen_ai.usage.output_tokens", 30L)
                        .setAttribute("gen_ai.request.temperature", 0.2)
                        .setAttribute(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop"))
                        .addLink(agent.getSpanContext())
                        .startSpan();
                call.addEvent("gen_ai.content.first_token");
                call.setStatus(StatusCode.ERROR, "upstream 429");
                call.end();
            } finally {
                agent.end();
            }
        }
        return exporter.spans;
    }
}
