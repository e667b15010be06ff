package org.llmobservatory.server.otlp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.llmobservatory.server.support.Otlp;

/** The OTLP/JSON rules the streaming decoder must get right, each as a sender would notice it. */
class OtlpJsonDecodingTest {

    private static final String SPANS = "traces payload: resourceSpans[0].scopeSpans[0].spans[0].";

    private static String spanBody(String fields) {
        return "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{" + fields + "}]}]}]}";
    }

    private static String attributeBody(String value) {
        return spanBody("\"attributes\": [{\"key\": \"k\", \"value\": " + value + "}]");
    }

    private static Span span(String fields) {
        return OtlpJson.parseTraces(spanBody(fields).getBytes(UTF_8)).getResourceSpans(0).getScopeSpans(0).getSpans(0);
    }

    private static AnyValue attribute(String value) {
        return span("\"attributes\": [{\"key\": \"k\", \"value\": " + value + "}]").getAttributes(0).getValue();
    }

    private static void refused(String body, String message) {
        assertThatThrownBy(() -> OtlpJson.parseTraces(body.getBytes(UTF_8)))
                .isInstanceOf(OtlpDecodeException.class).hasMessage(message);
    }

    @Test
    void logs_and_metrics_with_proto_field_names_and_enum_names_decode() {
        ExportLogsServiceRequest logs = OtlpJson.parseLogs("""
                {"resource_logs": [{"scope_logs": [{"log_records": [{"time_unix_nano": "1700000000000000000",
                  "severity_number": "SEVERITY_NUMBER_WARN", "severity_text": "WARN",
                  "trace_id": "5b8efff798038103d269b633813fc60c",
                  "body": {"string_value": "hi"}}]}]}]}
                """.getBytes(UTF_8));
        ExportMetricsServiceRequest metrics = OtlpJson.parseMetrics("""
                {"resource_metrics": [{"scope_metrics": [{"metrics": [{"name": "m", "sum": {
                  "aggregation_temporality": "AGGREGATION_TEMPORALITY_CUMULATIVE", "is_monotonic": true,
                  "data_points": [{"as_double": 2.5, "start_time_unix_nano": 1}]}}]}]}]}
                """.getBytes(UTF_8));

        LogRecord log = logs.getResourceLogs(0).getScopeLogs(0).getLogRecords(0);
        assertThat(log.getSeverityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_WARN);
        assertThat(log.getTraceId()).isEqualTo(Otlp.id(Otlp.TRACE_ID));
        assertThat(log.getBody().getStringValue()).isEqualTo("hi");
        Metric metric = metrics.getResourceMetrics(0).getScopeMetrics(0).getMetrics(0);
        assertThat(metric.getSum().getAggregationTemporality())
                .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        assertThat(metric.getSum().getIsMonotonic()).isTrue();
        assertThat(metric.getSum().getDataPoints(0).getAsDouble()).isEqualTo(2.5);
    }

    @Test
    void an_unknown_enum_name_is_ignored_like_an_unknown_field_and_an_unknown_number_is_kept() {
        Span named = span("\"name\": \"x\", \"kind\": \"SPAN_KIND_FROM_THE_FUTURE\","
                + " \"status\": {\"code\": \"STATUS_CODE_ERROR\"}");
        Span numbered = span("\"kind\": 9");

        assertThat(named.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_UNSPECIFIED);
        assertThat(named.getName()).isEqualTo("x");
        assertThat(named.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(numbered.getKindValue()).isEqualTo(9);
    }

    @Test
    void doubles_are_numbers_or_the_strings_nan_infinity_and_minus_infinity() {
        assertThat(attribute("{\"doubleValue\": \"NaN\"}").getDoubleValue()).isNaN();
        assertThat(attribute("{\"doubleValue\": \"Infinity\"}").getDoubleValue()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(attribute("{\"doubleValue\": \"-Infinity\"}").getDoubleValue()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Double.doubleToRawLongBits(attribute("{\"doubleValue\": -0.0}").getDoubleValue()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        HistogramDataPoint point = OtlpJson.parseMetrics("""
                {"resourceMetrics": [{"scopeMetrics": [{"metrics": [{"histogram": {"dataPoints": [
                  {"sum": "NaN", "min": "-Infinity", "max": 1e308, "explicitBounds": [0.5, "Infinity"]}]}}]}]}]}
                """.getBytes(UTF_8)).getResourceMetrics(0).getScopeMetrics(0).getMetrics(0).getHistogram()
                .getDataPoints(0);
        assertThat(point.getSum()).isNaN();
        assertThat(point.getMin()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(point.getExplicitBoundsList()).containsExactly(0.5, Double.POSITIVE_INFINITY);

        refused(attributeBody("{\"doubleValue\": \"nan\"}"),
                SPANS + "attributes[0].value.doubleValue: expected a double, got \"nan\"");
        refused(attributeBody("{\"doubleValue\": 1e400}"),
                SPANS + "attributes[0].value.doubleValue: 1e400 is out of range for a double");
    }

    @Test
    void uint64_above_the_largest_long_is_kept_as_protobufs_unsigned_long_and_beyond_uint64_is_refused() {
        assertThat(Long.toUnsignedString(span("\"startTimeUnixNano\": \"18446744073709551615\"").getStartTimeUnixNano()))
                .isEqualTo("18446744073709551615");
        assertThat(span("\"endTimeUnixNano\": 9223372036854775808").getEndTimeUnixNano()).isEqualTo(Long.MIN_VALUE);

        refused(spanBody("\"startTimeUnixNano\": \"18446744073709551616\""),
                SPANS + "startTimeUnixNano: \"18446744073709551616\" is out of range for an unsigned 64-bit integer");
        refused(spanBody("\"startTimeUnixNano\": -1"),
                SPANS + "startTimeUnixNano: -1 is out of range for an unsigned 64-bit integer");
        refused(attributeBody("{\"intValue\": \"9223372036854775808\"}"),
                SPANS + "attributes[0].value.intValue: \"9223372036854775808\" is out of range for a 64-bit integer");
    }

    @Test
    void a_nanosecond_time_in_exponent_form_is_read_exactly_and_a_fraction_is_refused() {
        assertThat(span("\"startTimeUnixNano\": 1.700000000123456789e18").getStartTimeUnixNano())
                .isEqualTo(1_700_000_000_123_456_789L);
        assertThat(span("\"startTimeUnixNano\": \"17000000001234567.89E2\"").getStartTimeUnixNano())
                .isEqualTo(1_700_000_000_123_456_789L);
        assertThat(attribute("{\"intValue\": -9.223372036854775808E18}").getIntValue()).isEqualTo(Long.MIN_VALUE);

        refused(spanBody("\"startTimeUnixNano\": 1.5"),
                SPANS + "startTimeUnixNano: expected an unsigned 64-bit integer, got 1.5 (not a whole number)");
        refused(spanBody("\"startTimeUnixNano\": 1e999999999"),
                SPANS + "startTimeUnixNano: 1e999999999 is out of range for an unsigned 64-bit integer");
        refused(spanBody("\"startTimeUnixNano\": \"\u0661\u0662\""),
                SPANS + "startTimeUnixNano: expected an unsigned 64-bit integer, got \"\u0661\u0662\"");
    }

    @Test
    void thirty_two_bit_fields_take_their_whole_range_and_no_more() {
        Span span = span("\"droppedAttributesCount\": 4294967295, \"flags\": \"4294967295\","
                + " \"droppedEventsCount\": 1e2");

        assertThat(Integer.toUnsignedString(span.getDroppedAttributesCount())).isEqualTo("4294967295");
        assertThat(Integer.toUnsignedString(span.getFlags())).isEqualTo("4294967295");
        assertThat(span.getDroppedEventsCount()).isEqualTo(100);
        refused(spanBody("\"droppedAttributesCount\": 4294967296"),
                SPANS + "droppedAttributesCount: 4294967296 is out of range for an unsigned 32-bit integer");
        refused(spanBody("\"kind\": \"2147483648\""),
                SPANS + "kind: \"2147483648\" is out of range for an enum number");
    }

    @Test
    void unknown_fields_of_every_shape_are_skipped_at_every_level() {
        String unknown = """
                "futureObject": {"spanId": "not hex", "deeper": [{"traceId": 7}, [[]], {}]},
                "futureArray": [1, "two", null, true, [3.5e400], {"kind": "object"}],
                "futureString": "x", "futureNumber": 123456789012345678901234567890, "futureExponent": 1e400,
                "futureTrue": true, "futureFalse": false, "futureNull": null,
                """;
        String body = """
                {%s "resourceSpans": [{%s "resource": {%s "attributes": []}, "scopeSpans": [{%s "spans": [{%s
                  "name": "x", "attributes": [{%s "key": "k", "value": {%s "stringValue": "v"}}],
                  "status": {%s "code": 2}}]}]}]}
                """.formatted(unknown, unknown, unknown, unknown, unknown, unknown, unknown, unknown);

        ExportTraceServiceRequest request = OtlpJson.parseTraces(body.getBytes(UTF_8));

        assertThat(request).isEqualTo(OtlpJson.parseTraces(("""
                {"resourceSpans": [{"resource": {"attributes": []}, "scopeSpans": [{"spans": [{
                  "name": "x", "attributes": [{"key": "k", "value": {"stringValue": "v"}}], "status": {"code": 2}}]}]}]}
                """).getBytes(UTF_8)));
        assertThat(request.getResourceSpans(0).getScopeSpans(0).getSpans(0).getAttributes(0).getValue().getStringValue())
                .isEqualTo("v");
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of(spanBody("\"status\": \"ok\""), SPANS + "status: expected an object, got string"),
                Arguments.of(spanBody("\"status\": [{}]"), SPANS + "status: expected an object, got array"),
                Arguments.of(spanBody("\"attributes\": {}"), SPANS + "attributes: expected an array, got object"),
                Arguments.of(spanBody("\"attributes\": [null]"),
                        SPANS + "attributes[0]: an array element cannot be null"),
                Arguments.of(spanBody("\"events\": [{}, \"e\"]"), SPANS + "events[1]: expected an object, got string"),
                Arguments.of(spanBody("\"name\": [\"x\"]"), SPANS + "name: expected a string, got array"),
                Arguments.of(spanBody("\"name\": {}"), SPANS + "name: expected a string, got object"),
                Arguments.of(spanBody("\"kind\": true"), SPANS + "kind: expected an enum number or name, got boolean"),
                Arguments.of(spanBody("\"traceId\": 7"), SPANS + "traceId: expected a hex string, got number"),
                Arguments.of(spanBody("\"startTimeUnixNano\": {}"),
                        SPANS + "startTimeUnixNano: expected an unsigned 64-bit integer, got object"),
                Arguments.of(spanBody("\"droppedAttributesCount\": false"),
                        SPANS + "droppedAttributesCount: expected an unsigned 32-bit integer, got boolean"),
                Arguments.of(attributeBody("{\"boolValue\": 1}"),
                        SPANS + "attributes[0].value.boolValue: expected true or false, got number"),
                Arguments.of(attributeBody("{\"bytesValue\": 5}"),
                        SPANS + "attributes[0].value.bytesValue: expected a base64 string, got number"),
                Arguments.of(attributeBody("{\"bytesValue\": \"!!\"}"),
                        SPANS + "attributes[0].value.bytesValue: expected base64, got \"!!\""),
                Arguments.of(attributeBody("{\"doubleValue\": [1]}"),
                        SPANS + "attributes[0].value.doubleValue: expected a double, got array"),
                Arguments.of(attributeBody("{\"arrayValue\": {\"values\": [{\"intValue\": \"x\"}]}}"),
                        SPANS + "attributes[0].value.arrayValue.values[0].intValue:"
                                + " expected a 64-bit integer, got \"x\""),
                Arguments.of("{\"resourceSpans\": [{\"resource\": 1}]}",
                        "traces payload: resourceSpans[0].resource: expected an object, got number"));
    }

    @ParameterizedTest
    @MethodSource("wrongTypes")
    void a_value_of_the_wrong_json_type_is_refused_naming_its_path_and_what_was_expected(String body, String message) {
        refused(body, message);
    }

    @Test
    void a_metric_or_data_point_of_the_wrong_json_type_is_refused_naming_its_path() {
        assertThatThrownBy(() -> OtlpJson.parseMetrics("""
                {"resourceMetrics": [{"scopeMetrics": [{"metrics": [{"gauge": {"dataPoints": [{"asInt": "1"}, 7]}}]}]}]}
                """.getBytes(UTF_8)))
                .hasMessage("metrics payload: resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[1]:"
                        + " expected an object, got number");
        assertThatThrownBy(() -> OtlpJson.parseLogs("""
                {"resourceLogs": [{"scopeLogs": [{"logRecords": [{"body": "plain text"}]}]}]}
                """.getBytes(UTF_8)))
                .hasMessage("logs payload: resourceLogs[0].scopeLogs[0].logRecords[0].body:"
                        + " expected an object, got string");
    }

    @Test
    void two_members_of_one_oneof_are_refused_and_a_null_member_beside_a_set_one_is_not() {
        refused(attributeBody("{\"stringValue\": \"a\", \"intValue\": 2}"), SPANS + "attributes[0].value.intValue:"
                + " cannot be given with stringValue (only one of stringValue, boolValue, intValue, doubleValue,"
                + " arrayValue, kvlistValue, bytesValue, stringValueStrindex)");
        assertThatThrownBy(() -> OtlpJson.parseMetrics("""
                {"resourceMetrics": [{"scopeMetrics": [{"metrics": [{"gauge": {}, "sum": {}}]}]}]}
                """.getBytes(UTF_8)))
                .hasMessageStartingWith("metrics payload: resourceMetrics[0].scopeMetrics[0].metrics[0].sum:"
                        + " cannot be given with gauge");
        assertThatThrownBy(() -> OtlpJson.parseMetrics("""
                {"resourceMetrics": [{"scopeMetrics": [{"metrics": [{"gauge": {"dataPoints": [
                  {"asInt": "1", "asDouble": 1}]}}]}]}]}
                """.getBytes(UTF_8)))
                .hasMessageStartingWith("metrics payload: resourceMetrics[0].scopeMetrics[0].metrics[0].gauge"
                        + ".dataPoints[0].asDouble: cannot be given with asInt");

        assertThat(attribute("{\"stringValue\": null, \"intValue\": 2}").getIntValue()).isEqualTo(2);
        assertThat(attribute("{\"intValue\": 2, \"stringValue\": null}").getIntValue()).isEqualTo(2);
        assertThat(attribute("{\"intValue\": 2, \"intValue\": 3}").getIntValue()).isEqualTo(3);
    }

    @Test
    void a_key_given_twice_keeps_its_last_value_but_one_field_under_both_its_names_is_refused() {
        Span span = span("\"name\": \"first\", \"name\": \"last\", \"attributes\": [{\"key\": \"a\"}],"
                + " \"attributes\": [{\"key\": \"b\"}]");

        assertThat(span.getName()).isEqualTo("last");
        assertThat(span.getAttributesList().stream().map(KeyValue::getKey).toList()).containsExactly("b");
        refused(spanBody("\"startTimeUnixNano\": 1, \"start_time_unix_nano\": 2"),
                SPANS + "start_time_unix_nano: the field is given twice, as startTimeUnixNano"
                        + " and as start_time_unix_nano");
    }

    @Test
    void null_leaves_a_field_unset() {
        Span span = span("\"name\": null, \"status\": null, \"attributes\": null, \"startTimeUnixNano\": null,"
                + " \"traceId\": null, \"kind\": null");

        assertThat(span).isEqualTo(Span.getDefaultInstance());
        assertThat(span.hasStatus()).isFalse();
    }

    @Test
    void text_after_the_request_object_is_refused_and_white_space_is_not() {
        refused("{\"resourceSpans\": []} {}",
                "traces payload: malformed JSON at line 1, column 23: trailing object after the request object");
        refused("{\"resourceSpans\": []}\n\"more\"",
                "traces payload: malformed JSON at line 2, column 1: trailing string after the request object");
        assertThatThrownBy(() -> OtlpJson.parseTraces("{\"resourceSpans\": []}]".getBytes(UTF_8)))
                .hasMessageStartingWith("traces payload: malformed JSON at line 1, column 22: ");

        assertThat(OtlpJson.parseTraces("\n {\"resourceSpans\": []} \r\n\t".getBytes(UTF_8)).getResourceSpansCount())
                .isZero();
    }

    @Test
    void attribute_values_nested_up_to_the_protobuf_limit_decode_and_deeper_ones_are_refused_with_the_path() {
        // Request, resource spans, scope spans, span, key-value and value are 6 messages; a list adds 3 more.
        ExportTraceServiceRequest deepest = traces(nestedLists(31));
        ExportTraceServiceRequest tooDeep = traces(nestedLists(32));

        assertThat(OtlpJson.parseTraces(OtlpJson.print(deepest).getBytes(UTF_8))).isEqualTo(deepest);
        assertThatThrownBy(() -> OtlpJson.parseTraces(OtlpJson.print(tooDeep).getBytes(UTF_8)))
                .isInstanceOf(OtlpDecodeException.class)
                .hasMessageStartingWith(SPANS + "attributes[0].value.kvlistValue.values[0].value.kvlistValue")
                .hasMessageEndingWith(": nested more than 100 messages deep");
    }

    @Test
    void lists_and_arrays_nested_in_each_other_come_back_as_they_were_sent() {
        AnyValue value = Otlp.string("bottom");
        for (int i = 0; i < 18; i++) {
            value = i % 2 == 0 ? Otlp.kvlist(Otlp.kv("level" + i, value), Otlp.kv("empty", AnyValue.getDefaultInstance()))
                    : Otlp.array(Otlp.bool(true), value, Otlp.integer(i));
        }
        ExportTraceServiceRequest request = traces(value);

        assertThat(OtlpJson.parseTraces(OtlpJson.print(request).getBytes(UTF_8))).isEqualTo(request);
    }

    @Test
    void json_nested_thousands_deep_in_an_unknown_field_is_refused_as_malformed_not_a_crash() {
        String deep = "[".repeat(5000) + "]".repeat(5000);

        assertThatThrownBy(() -> OtlpJson.parseTraces(spanBody("\"future\": " + deep).getBytes(UTF_8)))
                .isInstanceOf(OtlpDecodeException.class)
                .hasMessageStartingWith("traces payload: malformed JSON")
                .hasMessageContaining("nesting depth");
    }

    @Test
    void ids_take_any_case_but_only_ascii_hex_digits_and_other_bytes_take_standard_or_url_safe_base64() {
        assertThat(span("\"spanId\": \"EEE19B7EC3C1B174\"").getSpanId()).isEqualTo(Otlp.id(Otlp.SPAN_ID));
        refused(spanBody("\"span_id\": \"\uFF10ee19b7ec3c1b174\""),
                SPANS + "span_id: '\uFF10' at position 1 is not a hex digit");

        assertThat(attribute("{\"bytesValue\": \"-_8=\"}").getBytesValue().toByteArray())
                .containsExactly(0xfb, 0xff);
        assertThat(attribute("{\"bytesValue\": \"AAE\"}").getBytesValue().toByteArray()).containsExactly(0, 1);
    }

    @Test
    void numbers_and_booleans_written_as_strings_and_the_other_way_round_are_read_as_json_format_read_them() {
        assertThat(attribute("{\"boolValue\": \"true\"}").getBoolValue()).isTrue();
        assertThat(attribute("{\"doubleValue\": \"0.25\"}").getDoubleValue()).isEqualTo(0.25);
        assertThat(attribute("{\"stringValue\": 42}").getStringValue()).isEqualTo("42");
        assertThat(span("\"kind\": \"3\"").getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    }

    private static ExportTraceServiceRequest traces(AnyValue attribute) {
        return Otlp.traces(Otlp.span(Instant.parse("2026-01-01T00:00:00Z"), Otlp.kv("deep", attribute)));
    }

    private static AnyValue nestedLists(int depth) {
        AnyValue value = Otlp.string("bottom");
        for (int i = 0; i < depth; i++) {
            value = Otlp.kvlist(Otlp.kv("level" + i, value));
        }
        return value;
    }
}
