package org.llmobservatory.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.mapping.MappedSpans;
import org.llmobservatory.server.mapping.SpanMapper;
import org.llmobservatory.storage.model.Span;

/** What the encoded spans become once the service has mapped them: the spans that were generated. */
class OtlpExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void the_service_maps_each_encoded_span_back_to_the_generated_one() throws Exception {
        List<Span> generated = AgentTraces.hourBefore(Instant.now(), 21, 2_000);

        MappedSpans mapped = new SpanMapper().map("p", OtlpExport.request(generated));

        assertThat(mapped.rejected()).isEmpty();
        assertThat(mapped.spans()).hasSameSizeAs(generated);
        Map<String, Span> bySpanId = mapped.spans().stream().collect(Collectors.toMap(Span::spanId, s -> s));
        for (Span sent : generated) {
            Span got = bySpanId.get(sent.spanId());
            assertThat(got).usingRecursiveComparison()
                    .comparingOnlyFields("traceId", "spanId", "parentSpanId", "name", "kind", "serviceName",
                            "startTime", "endTime", "statusCode", "statusMessage", "provider", "model", "operation",
                            "inputTokens", "outputTokens", "totalTokens", "finishReason", "userId", "sessionId",
                            "environment")
                    .isEqualTo(sent);
            assertThat(got.cacheReadTokens()).isEqualTo(sent.cacheReadTokens() == null || sent.cacheReadTokens() == 0
                    ? null : sent.cacheReadTokens());
            if (sent.timeToFirstTokenMs() != null) {
                assertThat(got.timeToFirstTokenMs()).isCloseTo(sent.timeToFirstTokenMs(), within(1e-6));
            }
            assertThat(JSON.readTree(got.resourceAttributes())).isEqualTo(JSON.readTree(sent.resourceAttributes()));
            var attributes = JSON.readTree(got.attributes());
            JSON.readTree(sent.attributes()).properties().forEach(e -> {
                // The export sends the reason the column holds, "error" on a refused call, not the attribute's.
                JsonNode expected = e.getKey().equals("gen_ai.response.finish_reasons")
                        ? JSON.createArrayNode().add(sent.finishReason()) : e.getValue();
                assertThat(attributes.get(e.getKey())).as(e.getKey()).isEqualTo(expected);
            });
        }
    }

    @Test
    void requests_hold_the_spans_asked_for_ended_within_the_hour_and_cut_traces_go_on_in_the_next() throws Exception {
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        ExportRequests requests = new ExportRequests(8);
        Set<ByteString> sentSpans = new HashSet<>();
        List<io.opentelemetry.proto.trace.v1.Span> all = new ArrayList<>();
        for (int r = 0; r < 5; r++) {
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(requests.next(512, now));
            List<io.opentelemetry.proto.trace.v1.Span> spans = request.getResourceSpansList().stream()
                    .flatMap(rs -> rs.getScopeSpansList().stream()).flatMap(ss -> ss.getSpansList().stream()).toList();
            assertThat(spans).hasSize(512);
            all.addAll(spans);
        }
        long from = nanos(now.minus(Duration.ofHours(1)));
        for (io.opentelemetry.proto.trace.v1.Span span : all) {
            assertThat(span.getStartTimeUnixNano()).isBetween(from, nanos(now));
            assertThat(span.getEndTimeUnixNano()).isLessThanOrEqualTo(nanos(now));
            if (!span.getParentSpanId().isEmpty()) {
                assertThat(sentSpans).as("a span's parent was sent before it").contains(span.getParentSpanId());
            }
            sentSpans.add(span.getSpanId());
        }
        assertThat(new ExportRequests(8).next(512, now)).isEqualTo(new ExportRequests(8).next(512, now));
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
