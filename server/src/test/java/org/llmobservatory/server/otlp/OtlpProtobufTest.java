package org.llmobservatory.server.otlp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.support.Otlp;

class OtlpProtobufTest {

    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    private static final ExportTraceServiceRequest TRACES = Otlp.traces(
            Otlp.span(START, Otlp.kv("gen_ai.usage.input_tokens", 12L)), Otlp.span(START.plusSeconds(2)));

    private static final ExportLogsServiceRequest LOGS = ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(ResourceLogs.newBuilder().setResource(Otlp.resource(Otlp.kv("service.name", "chatbot")))
                    .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder()
                            .setTimeUnixNano(Otlp.nanos(START)).setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_WARN)
                            .setBody(Otlp.string("rate limited, retrying")))))
            .build();

    private static ExportMetricsServiceRequest metrics(Metric metric) {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(metric))).build();
    }

    private static final ExportMetricsServiceRequest SUM_METRICS = metrics(Metric.newBuilder()
            .setName("gen_ai.client.token.usage.total").setUnit("{token}")
            .setSum(Sum.newBuilder().setIsMonotonic(true)
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                    .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(Otlp.nanos(START)).setAsInt(1234)))
            .build());

    @Test
    void a_valid_body_of_each_signal_parses() {
        assertThat(OtlpProtobuf.parseTraces(TRACES.toByteArray())).isEqualTo(TRACES);
        assertThat(OtlpProtobuf.parseLogs(LOGS.toByteArray())).isEqualTo(LOGS);
        assertThat(OtlpProtobuf.parseMetrics(SUM_METRICS.toByteArray())).isEqualTo(SUM_METRICS);
    }

    @Test
    void an_empty_body_is_an_empty_request_which_otlp_says_to_accept() {
        assertThat(OtlpProtobuf.parseTraces(new byte[0]).getResourceSpansCount()).isZero();
    }

    @Test
    void a_truncated_body_is_refused_as_not_valid_protobuf() {
        byte[] body = TRACES.toByteArray();
        byte[] truncated = Arrays.copyOf(body, body.length - 7);

        assertThatThrownBy(() -> OtlpProtobuf.parseTraces(truncated))
                .isInstanceOf(OtlpDecodeException.class)
                .hasMessageStartingWith("traces payload: not a valid protobuf ExportTraceServiceRequest: ")
                .hasMessageContaining("truncated");
    }

    @Test
    void random_bytes_are_refused() {
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0x01};

        assertThatThrownBy(() -> OtlpProtobuf.parseMetrics(garbage))
                .isInstanceOf(OtlpDecodeException.class)
                .hasMessageStartingWith("metrics payload: not a valid protobuf ExportMetricsServiceRequest: ");
    }

    @Test
    void a_json_body_sent_as_protobuf_gets_a_hint_about_the_content_type() {
        byte[] json = "  {\"resourceSpans\": []}".getBytes(UTF_8);

        assertThatThrownBy(() -> OtlpProtobuf.parseTraces(json))
                .hasMessageEndingWith("(the body looks like JSON; send it with Content-Type: application/json)");
    }

    @Test
    void a_logs_payload_posted_as_traces_is_recognised_and_sent_to_the_logs_path() {
        assertThatThrownBy(() -> OtlpProtobuf.parseTraces(LOGS.toByteArray()))
                .isInstanceOf(OtlpDecodeException.class)
                .hasMessageStartingWith("this looks like a logs payload; send it to /v1/logs (traces payload: ");
    }

    @Test
    void a_traces_payload_posted_as_logs_is_recognised() {
        assertThatThrownBy(() -> OtlpProtobuf.parseLogs(TRACES.toByteArray()))
                .hasMessageStartingWith("this looks like a traces payload; send it to /v1/traces");
    }

    @Test
    void a_metrics_payload_posted_as_traces_is_recognised() {
        assertThatThrownBy(() -> OtlpProtobuf.parseTraces(SUM_METRICS.toByteArray()))
                .hasMessageStartingWith("this looks like a metrics payload; send it to /v1/metrics");
        ExportMetricsServiceRequest gauge = metrics(Metric.newBuilder().setName("queue.depth")
                .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder()
                        .setTimeUnixNano(Otlp.nanos(START)).setAsDouble(3.5))).build());
        assertThatThrownBy(() -> OtlpProtobuf.parseTraces(gauge.toByteArray()))
                .hasMessageStartingWith("this looks like a metrics payload; send it to /v1/metrics");
    }

    @Test
    void fields_a_newer_otlp_adds_are_ignored() {
        ExportTraceServiceRequest withFutureField = TRACES.toBuilder()
                .setUnknownFields(UnknownFieldSet.newBuilder()
                        .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(7).build()).build())
                .build();

        assertThat(OtlpProtobuf.parseTraces(withFutureField.toByteArray()).getResourceSpansCount()).isEqualTo(1);
    }
}
