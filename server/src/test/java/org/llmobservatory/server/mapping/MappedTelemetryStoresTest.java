package org.llmobservatory.server.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmobservatory.server.support.Otlp.array;
import static org.llmobservatory.server.support.Otlp.bool;
import static org.llmobservatory.server.support.Otlp.dbl;
import static org.llmobservatory.server.support.Otlp.kv;
import static org.llmobservatory.server.support.Otlp.kvlist;
import static org.llmobservatory.server.support.Otlp.nanos;
import static org.llmobservatory.server.support.Otlp.string;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.llmobservatory.server.otlp.OtlpJson;
import org.llmobservatory.server.support.Otlp;
import org.llmobservatory.storage.Storage;
import org.llmobservatory.storage.config.StorageConfig;
import org.llmobservatory.storage.config.WriteMethod;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;
import org.llmobservatory.storage.writer.WriteOutcome;

/**
 * What the mappers produce, hostile text included (NUL, half a surrogate pair, NaN, cut values), is
 * accepted by a real PostgreSQL through both write paths, and reads back as the rules promise.
 */
class MappedTelemetryStoresTest {

    private static final Instant START = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
    private static final String HOSTILE = "nul\u0000 half\uD800 emoji😀 quote\" backslash\\ " + "é".repeat(9000);

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = WriteMethod.class, names = {"COPY", "INSERT"})
    void mapped_spans_logs_and_metrics_with_hostile_text_are_stored(WriteMethod method) throws Exception {
        TestDatabase db = TestServers.freshDatabase();
        StorageConfig config = db.config().withWriter(db.config().writer().withMethod(method));
        ExportTraceServiceRequest traces = Otlp.traces(Otlp.span(START,
                        kv("k\u0000ey", HOSTILE), kv("gen_ai.input.messages", HOSTILE + HOSTILE),
                        kv("gen_ai.usage.input_tokens", "12"), kv("llm.cost.total", 0.000123456789012),
                        kv("nan", dbl(Double.NaN)), kv("flag", bool(true)), kv("blob",
                                AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {0, 1})).build()),
                        kv("nested", array(kvlist(kv("x\u0000", HOSTILE)))))
                .setName("chat\u0000")
                .addEvents(Span.Event.newBuilder().setName("first_token").setTimeUnixNano(nanos(START) + 5)
                        .addAttributes(kv("e", HOSTILE))));
        // In a JSON body, NUL and half a surrogate pair can only arrive as escapes.
        String jsonBody = """
                {"resourceSpans": [{"scopeSpans": [{"spans": [{
                  "traceId": "%s", "spanId": "00f067aa0ba902b7", "name": "json\\u0000 \\ud800",
                  "startTimeUnixNano": "%d", "endTimeUnixNano": "%d",
                  "attributes": [{"key": "escaped", "value": {"stringValue": "a\\u0000b\\udc00c"}}]}]}]}]}
                """.formatted(Otlp.TRACE_ID, nanos(START), nanos(START) + 1000);
        MappedSpans fromJson = new SpanMapper().map("hostile",
                OtlpJson.parseTraces(jsonBody.getBytes(StandardCharsets.UTF_8)));
        MappedSpans spans = new SpanMapper().map("hostile", traces);
        MappedLogs logs = new LogMapper().map("hostile", ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(ScopeLogs.newBuilder()
                        .addLogRecords(LogRecord.newBuilder().setTimeUnixNano(nanos(START)).setBody(string(HOSTILE)))
                        .addLogRecords(LogRecord.newBuilder().setTimeUnixNano(nanos(START))
                                .setBody(kvlist(kv("msg\u0000", HOSTILE), kv("n", dbl(Double.POSITIVE_INFINITY)))))))
                .build());
        MappedMetrics metrics = new MetricMapper().map("hostile", ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder()
                        .addMetrics(Metric.newBuilder().setName("latency\u0000").setHistogram(Histogram.newBuilder()
                                .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(nanos(START)).setCount(3)
                                        .setSum(1.5).addAllExplicitBounds(List.of(1.0)).addAllBucketCounts(List.of(2L, 1L))
                                        .addAttributes(kv("a", HOSTILE)))))
                        .addMetrics(Metric.newBuilder().setName("rpc").setSummary(Summary.newBuilder()
                                .addDataPoints(SummaryDataPoint.newBuilder().setTimeUnixNano(nanos(START)).setCount(2)
                                        .setSum(3).addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder()
                                                .setQuantile(0.5).setValue(1.5)))))))
                .build());
        assertThat(spans.rejected()).isEmpty();
        assertThat(fromJson.rejected()).isEmpty();
        assertThat(logs.rejected()).isEmpty();
        assertThat(metrics.rejected()).isEmpty();

        try (Storage storage = Storage.open(config)) {
            assertCommitted(storage.traces().writeAll(spans.spans()).get(60, TimeUnit.SECONDS), 1);
            assertCommitted(storage.traces().writeAll(fromJson.spans()).get(60, TimeUnit.SECONDS), 1);
            assertCommitted(storage.logs().writeAll(logs.logs()).get(60, TimeUnit.SECONDS), 2);
            assertCommitted(storage.metrics().writeAll(metrics.points()).get(60, TimeUnit.SECONDS), 3);
        }

        assertThat(db.count("SELECT count(*) FROM spans WHERE project_id = 'hostile' AND name = ?", "chat\uFFFD"))
                .isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM spans WHERE starts_with(attributes ->> 'k\uFFFDey', ?)"
                + " AND attributes ->> 'k\uFFFDey' LIKE '%é…[truncated % bytes]'",
                "nul\uFFFD half\uFFFD emoji😀 quote\" backslash\\ é")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM spans WHERE attributes ->> 'nan' = 'NaN' AND input_tokens = 12"
                + " AND cost_usd = 0.0001234568 AND jsonb_array_length(events) = 1")).isEqualTo(1);
        String content = spans.spans().getFirst().inputContent();
        assertThat(content.getBytes(StandardCharsets.UTF_8).length).isBetween(32 * 1024, 32 * 1024 + 30);
        assertThat(db.count("SELECT count(*) FROM spans WHERE input_content = ? AND octet_length(input_content) = ?",
                content, content.getBytes(StandardCharsets.UTF_8).length)).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM logs WHERE body LIKE 'nul\uFFFD half\uFFFD%'")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM logs WHERE CASE WHEN body LIKE '{%' THEN (body::jsonb) ->> 'n' END = 'Infinity'")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM metric_points WHERE metric_name = ? AND bucket_counts = '{2,1}'",
                "latency\uFFFD")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM metric_points WHERE metric_type = 'summary'"
                + " AND (attributes ->> 'quantile')::float8 = 0.5 AND value = 1.5")).isEqualTo(1);
    }

    private static void assertCommitted(WriteOutcome outcome, int expected) {
        assertThat(outcome.rejected()).isEmpty();
        assertThat(outcome.committed()).isEqualTo(expected);
    }
}
