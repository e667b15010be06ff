package org.llmobservatory.server.otlp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.support.Otlp;

class OtlpJsonTest {

    private static final String REALISTIC = """
            {
              "resourceSpans": [{
                "resource": {
                  "attributes": [
                    {"key": "service.name", "value": {"stringValue": "chatbot"}},
                    {"key": "deployment.environment.name", "value": {"stringValue": "prod"}}
                  ],
                  "droppedAttributesCount": 0,
                  "entityRefs": [{"type": "service", "futureShape": true}]
                },
                "scopeSpans": [{
                  "scope": {"name": "opentelemetry.instrumentation.openai", "version": "0.40b0"},
                  "spans": [{
                    "traceId": "5B8EFFF798038103D269B633813FC60C",
                    "spanId": "eee19b7ec3c1b174",
                    "parentSpanId": "",
                    "name": "chat gpt-4o",
                    "kind": 3,
                    "startTimeUnixNano": "1700000000123456789",
                    "endTimeUnixNano": 1700000001623456789,
                    "attributes": [
                      {"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}},
                      {"key": "gen_ai.usage.input_tokens", "value": {"intValue": "42"}},
                      {"key": "gen_ai.usage.output_tokens", "value": {"intValue": 7}},
                      {"key": "gen_ai.request.temperature", "value": {"doubleValue": 0.2}},
                      {"key": "gen_ai.response.finish_reasons", "value": {"arrayValue": {"values": [{"stringValue": "stop"}]}}},
                      {"key": "llm.is_streaming", "value": {"boolValue": false}},
                      {"key": "meta", "value": {"kvlistValue": {"values": [{"key": "a", "value": {"intValue": "1"}}]}}},
                      {"key": "blob", "value": {"bytesValue": "AAEC"}}
                    ],
                    "events": [{"timeUnixNano": "1700000000523456789", "name": "gen_ai.content.first_token"}],
                    "links": [{"traceId": "0af7651916cd43dd8448eb211c80319c", "spanId": "b7ad6b7169203331",
                               "attributes": [], "flags": 256}],
                    "status": {"code": 2, "message": "rate limited"},
                    "flags": 769,
                    "someFutureField": {"nested": [1, 2, 3]}
                  }]
                }]
              }]
            }
            """;

    @Test
    void a_realistic_body_with_hex_ids_string_int64_integer_enums_and_unknown_fields_decodes() {
        ExportTraceServiceRequest request = OtlpJson.parseTraces(REALISTIC.getBytes(UTF_8));

        Span span = request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
        assertThat(span.getTraceId()).isEqualTo(Otlp.id(Otlp.TRACE_ID));
        assertThat(span.getSpanId()).isEqualTo(Otlp.id(Otlp.SPAN_ID));
        assertThat(span.getParentSpanId().isEmpty()).isTrue();
        assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(span.getStartTimeUnixNano()).isEqualTo(1_700_000_000_123_456_789L);
        assertThat(span.getEndTimeUnixNano()).isEqualTo(1_700_000_001_623_456_789L);
        assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(span.getAttributes(1).getValue().getIntValue()).isEqualTo(42);
        assertThat(span.getAttributes(2).getValue().getIntValue()).isEqualTo(7);
        assertThat(span.getAttributes(7).getValue().getBytesValue().toByteArray()).containsExactly(0, 1, 2);
        assertThat(span.getEvents(0).getTimeUnixNano()).isEqualTo(1_700_000_000_523_456_789L);
        assertThat(span.getLinks(0).getTraceId()).isEqualTo(Otlp.id("0af7651916cd43dd8448eb211c80319c"));
        assertThat(span.getLinks(0).getSpanId()).isEqualTo(Otlp.id("b7ad6b7169203331"));
        assertThat(request.getResourceSpans(0).getScopeSpans(0).getScope().getName())
                .isEqualTo("opentelemetry.instrumentation.openai");
    }

    @Test
    void snake_case_field_names_and_enum_names_are_accepted_as_protobuf_json_accepts_them() {
        String body = """
                {"resource_spans": [{"scope_spans": [{"spans": [{
                  "trace_id": "5b8efff798038103d269b633813fc60c", "span_id": "eee19b7ec3c1b174",
                  "parent_span_id": "eee19b7ec3c1b173", "name": "x", "kind": "SPAN_KIND_SERVER",
                  "start_time_unix_nano": 1700000000000000000}]}]}]}
                """;

        Span span = OtlpJson.parseTraces(body.getBytes(UTF_8)).getResourceSpans(0).getScopeSpans(0).getSpans(0);

        assertThat(span.getParentSpanId()).isEqualTo(Otlp.id(Otlp.PARENT_ID));
        assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(span.getStartTimeUnixNano()).isEqualTo(1_700_000_000_000_000_000L);
    }

    @Test
    void log_record_and_exemplar_ids_are_read_as_hex_too() {
        ExportLogsServiceRequest logs = OtlpJson.parseLogs("""
                {"resourceLogs": [{"scopeLogs": [{"logRecords": [{
                  "timeUnixNano": "1700000000000000000", "severityNumber": 9, "body": {"stringValue": "hi"},
                  "traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174"}]}]}]}
                """.getBytes(UTF_8));
        ExportMetricsServiceRequest metrics = OtlpJson.parseMetrics("""
                {"resourceMetrics": [{"scopeMetrics": [{"metrics": [{"name": "m", "sum": {
                  "aggregationTemporality": 2, "isMonotonic": true, "dataPoints": [{
                    "timeUnixNano": "1700000000000000000", "asInt": "3",
                    "exemplars": [{"asInt": "1", "timeUnixNano": "1700000000000000000",
                                   "traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174"}]}]}}]}]}]}
                """.getBytes(UTF_8));

        LogRecord log = logs.getResourceLogs(0).getScopeLogs(0).getLogRecords(0);
        assertThat(log.getTraceId()).isEqualTo(Otlp.id(Otlp.TRACE_ID));
        assertThat(log.getSpanId()).isEqualTo(Otlp.id(Otlp.SPAN_ID));
        assertThat(log.getSeverityNumberValue()).isEqualTo(9);
        Exemplar exemplar = metrics.getResourceMetrics(0).getScopeMetrics(0).getMetrics(0).getSum().getDataPoints(0)
                .getExemplars(0);
        assertThat(exemplar.getTraceId()).isEqualTo(Otlp.id(Otlp.TRACE_ID));
        assertThat(exemplar.getSpanId()).isEqualTo(Otlp.id(Otlp.SPAN_ID));
    }

    @Test
    void a_trace_id_one_character_short_is_refused_naming_its_place_in_the_request() {
        String body = """
                {"resourceSpans": [{"scopeSpans": [{"spans": [
                  {"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174"},
                  {"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174"},
                  {"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174"},
                  {"traceId": "5b8efff798038103d269b633813fc60", "spanId": "eee19b7ec3c1b174"}]}]}]}
                """;

        assertThatThrownBy(() -> OtlpJson.parseTraces(body.getBytes(UTF_8)))
                .isInstanceOf(OtlpDecodeException.class)
                .hasMessage("traces payload: resourceSpans[0].scopeSpans[0].spans[3].traceId:"
                        + " expected 32 hex characters, got 31");
    }

    @Test
    void a_span_id_with_a_non_hex_character_is_refused_naming_the_character() {
        String body = """
                {"resourceSpans": [{"scopeSpans": [{"spans": [{"spanId": "eee19b7ec3c1g174"}]}]}]}
                """;

        assertThatThrownBy(() -> OtlpJson.parseTraces(body.getBytes(UTF_8)))
                .hasMessage("traces payload: resourceSpans[0].scopeSpans[0].spans[0].spanId:"
                        + " 'g' at position 13 is not a hex digit");
    }

    @Test
    void base64_ids_from_protobufs_canonical_json_are_refused_with_a_hint() {
        String body = """
                {"resourceSpans": [{"scopeSpans": [{"spans": [{"links": [{"spanId": "7uGbfsPBsXQ="}]}]}]}]}
                """;

        assertThatThrownBy(() -> OtlpJson.parseTraces(body.getBytes(UTF_8)))
                .hasMessage("traces payload: resourceSpans[0].scopeSpans[0].spans[0].links[0].spanId:"
                        + " expected 16 hex characters, got 12 (this looks base64-encoded; OTLP/JSON encodes ids as hex)");
    }

    @Test
    void a_logs_payload_posted_as_traces_is_refused_saying_where_to_send_it() {
        String body = """
                {"resourceLogs": [{"scopeLogs": [{"logRecords": [{"body": {"stringValue": "hi"}}]}]}]}
                """;

        assertThatThrownBy(() -> OtlpJson.parseTraces(body.getBytes(UTF_8)))
                .isInstanceOf(OtlpDecodeException.class)
                .hasMessage("this is a logs payload (it has resourceLogs, not resourceSpans); send it to /v1/logs");
        assertThatThrownBy(() -> OtlpJson.parseLogs("{\"resource_metrics\": []}".getBytes(UTF_8)))
                .hasMessage("this is a metrics payload (it has resourceMetrics, not resourceLogs); send it to /v1/metrics");
    }

    @Test
    void a_value_of_the_wrong_type_is_refused_naming_the_field() {
        String body = """
                {"resourceSpans": [{"scopeSpans": [{"spans": [
                  {"name": "ok", "startTimeUnixNano": "1"},
                  {"name": "bad", "startTimeUnixNano": "yesterday"}]}]}]}
                """;

        assertThatThrownBy(() -> OtlpJson.parseTraces(body.getBytes(UTF_8)))
                .isInstanceOf(OtlpDecodeException.class)
                .hasMessageStartingWith("traces payload: resourceSpans[0].scopeSpans[0].spans[1].startTimeUnixNano: ")
                .hasMessageContaining("yesterday");
        assertThatThrownBy(() -> OtlpJson.parseTraces("{\"resourceSpans\": {}}".getBytes(UTF_8)))
                .hasMessageStartingWith("traces payload: resourceSpans: ");
        assertThatThrownBy(() -> OtlpJson.parseTraces("{\"resourceSpans\": [{\"scopeSpans\": [7]}]}".getBytes(UTF_8)))
                .hasMessage("traces payload: resourceSpans[0].scopeSpans[0]: expected an object, got number");
    }

    @Test
    void malformed_json_is_refused_with_line_and_column() {
        assertThatThrownBy(() -> OtlpJson.parseTraces("{\"resourceSpans\": [\n  {,}]}".getBytes(UTF_8)))
                .isInstanceOf(OtlpDecodeException.class)
                .hasMessageStartingWith("traces payload: malformed JSON at line 2, column 4: ");
        assertThatThrownBy(() -> OtlpJson.parseTraces("{\"resourceSpans\": []} trailing".getBytes(UTF_8)))
                .hasMessageStartingWith("traces payload: malformed JSON at line 1");
        assertThatThrownBy(() -> OtlpJson.parseTraces("{\"resourceSpans\": [".getBytes(UTF_8)))
                .hasMessageStartingWith("traces payload: malformed JSON");
    }

    @Test
    void a_body_that_is_not_a_json_object_is_refused_with_an_example_of_one() {
        assertThatThrownBy(() -> OtlpJson.parseMetrics(new byte[0]))
                .hasMessage("metrics payload: the body is empty; expected a JSON object such as"
                        + " {\"resourceMetrics\": [...]}");
        assertThatThrownBy(() -> OtlpJson.parseLogs("[]".getBytes(UTF_8)))
                .hasMessage("logs payload: expected a JSON object such as {\"resourceLogs\": [...]}, got array");
    }

    @Test
    void an_empty_object_is_an_empty_request() {
        assertThat(OtlpJson.parseTraces("{}".getBytes(UTF_8)).getResourceSpansCount()).isZero();
    }

    @Test
    void print_writes_hex_ids_and_integer_enums_and_reads_back_to_the_same_request() {
        ExportTraceServiceRequest request = Otlp.traces(Otlp.span(Instant.parse("2026-01-01T00:00:00Z"),
                Otlp.kv("gen_ai.usage.input_tokens", 12L), Otlp.kv("bytes", AnyValue.newBuilder()
                        .setBytesValue(com.google.protobuf.ByteString.copyFromUtf8("hi")).build())));

        String json = OtlpJson.print(request);

        assertThat(json).contains("\"traceId\":\"" + Otlp.TRACE_ID + "\"", "\"spanId\":\"" + Otlp.SPAN_ID + "\"",
                "\"kind\":3", "\"intValue\":\"12\"", "\"bytesValue\":\"aGk=\"");
        assertThat(OtlpJson.parseTraces(json.getBytes(UTF_8))).isEqualTo(request);
    }
}
