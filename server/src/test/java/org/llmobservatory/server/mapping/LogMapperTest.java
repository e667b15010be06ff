package org.llmobservatory.server.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmobservatory.server.support.Otlp.id;
import static org.llmobservatory.server.support.Otlp.kv;
import static org.llmobservatory.server.support.Otlp.kvlist;
import static org.llmobservatory.server.support.Otlp.nanos;
import static org.llmobservatory.server.support.Otlp.resource;
import static org.llmobservatory.server.support.Otlp.string;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.support.Otlp;
import org.llmobservatory.server.values.ContentLimits;

class LogMapperTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant AT = NOW.minusSeconds(30);
    private static final LogMapper MAPPER =
            new LogMapper(ContentLimits.DEFAULT, TimeWindow.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));

    private static ExportLogsServiceRequest logs(LogRecord.Builder... records) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder().setScope(InstrumentationScope.newBuilder().setName("app.log"));
        for (LogRecord.Builder record : records) {
            scope.addLogRecords(record);
        }
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(resource(kv("service.name", "chatbot"))).addScopeLogs(scope)).build();
    }

    private static LogRecord.Builder record() {
        return LogRecord.newBuilder().setTimeUnixNano(nanos(AT)).setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_WARN)
                .setSeverityText("WARN").setBody(string("rate limited, retrying in 2s"));
    }

    private static org.llmobservatory.storage.model.LogRecord mapOne(LogRecord.Builder record) {
        MappedLogs mapped = MAPPER.map("p1", logs(record));
        assertThat(mapped.rejected()).isEmpty();
        return mapped.logs().getFirst();
    }

    @Test
    void a_log_record_keeps_time_severity_body_trace_context_attributes_and_service() throws Exception {
        org.llmobservatory.storage.model.LogRecord log = mapOne(record()
                .setObservedTimeUnixNano(nanos(AT.plusMillis(3)))
                .setTraceId(id(Otlp.TRACE_ID)).setSpanId(id(Otlp.SPAN_ID))
                .addAttributes(kv("http.route", "/chat")).setEventName("gen_ai.client.inference.operation.details"));

        assertThat(log.projectId()).isEqualTo("p1");
        assertThat(log.time()).isEqualTo(AT);
        assertThat(log.observedTime()).isEqualTo(AT.plusMillis(3));
        assertThat(log.severityNumber()).isEqualTo(13);
        assertThat(log.severityText()).isEqualTo("WARN");
        assertThat(log.body()).isEqualTo("rate limited, retrying in 2s");
        assertThat(log.serviceName()).isEqualTo("chatbot");
        assertThat(log.traceId()).isEqualTo(Otlp.TRACE_ID);
        assertThat(log.spanId()).isEqualTo(Otlp.SPAN_ID);
        assertThat(new ObjectMapper().readTree(log.attributes())).isEqualTo(new ObjectMapper().readTree("""
                {"http.route": "/chat", "otel.scope.name": "app.log",
                 "event.name": "gen_ai.client.inference.operation.details"}
                """));
        assertThat(log.resourceAttributes()).isEqualTo("{\"service.name\":\"chatbot\"}");
    }

    @Test
    void without_a_time_the_observed_time_is_used_and_without_either_the_receive_time() {
        assertThat(mapOne(record().setTimeUnixNano(0).setObservedTimeUnixNano(nanos(AT))).time()).isEqualTo(AT);
        org.llmobservatory.storage.model.LogRecord unstamped = mapOne(record().setTimeUnixNano(0));
        assertThat(unstamped.time()).isEqualTo(NOW);
        assertThat(unstamped.observedTime()).isEqualTo(NOW);
    }

    @Test
    void a_body_that_is_not_a_string_is_stored_as_json_and_no_body_as_null() {
        assertThat(mapOne(record().setBody(kvlist(kv("event", "retry"), kv("attempt", 2L)))).body())
                .isEqualTo("{\"event\":\"retry\",\"attempt\":2}");
        assertThat(mapOne(record().clearBody()).body()).isNull();
        assertThat(mapOne(record().setBody(string("x".repeat(40_000)))).body())
                .endsWith("x…[truncated 7232 bytes]");
    }

    @Test
    void absent_or_all_zero_trace_context_is_null_but_a_malformed_one_is_rejected() {
        assertThat(mapOne(record()).traceId()).isNull();
        assertThat(mapOne(record().setTraceId(ByteString.copyFrom(new byte[16]))).traceId()).isNull();

        MappedLogs mapped = MAPPER.map("p1", logs(record(), record().setSpanId(id("abcd"))));
        assertThat(mapped.logs()).hasSize(1);
        assertThat(mapped.rejected().getFirst()).hasToString("resourceLogs[0].scopeLogs[0].logRecords[1]:"
                + " spanId must be 8 bytes (16 hex characters), got 2 bytes");
        assertThat(mapped.errorMessage()).startsWith("1 log record rejected: ");
    }

    @Test
    void a_severity_outside_the_otel_range_and_a_time_outside_the_window_are_rejected() {
        MappedLogs mapped = MAPPER.map("p1", logs(record().setSeverityNumberValue(30),
                record().setTimeUnixNano(nanos(NOW.minus(Duration.ofDays(40))))));

        assertThat(mapped.logs()).isEmpty();
        assertThat(mapped.rejected()).extracting(ItemRejection::reason).containsExactly(
                "severityNumber 30 is outside 0 (unspecified) to 24 (FATAL4)",
                "timeUnixNano 2026-01-20T12:00:00Z is more than 30 days in the past"
                        + " (accepted: from 30 days ago to 1 day ahead)");
    }

    @Test
    void nul_in_a_body_becomes_the_replacement_character() {
        assertThat(mapOne(record().setBody(string("a\u0000b"))).body()).isEqualTo("a\uFFFDb");
    }
}
