package org.llmobservatory.server.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.llmobservatory.server.mapping.SpanMapperConventionsTest.MAPPER;
import static org.llmobservatory.server.mapping.SpanMapperConventionsTest.NOW;
import static org.llmobservatory.server.mapping.SpanMapperConventionsTest.START;
import static org.llmobservatory.server.mapping.SpanMapperConventionsTest.mapOne;
import static org.llmobservatory.server.support.Otlp.array;
import static org.llmobservatory.server.support.Otlp.bool;
import static org.llmobservatory.server.support.Otlp.dbl;
import static org.llmobservatory.server.support.Otlp.id;
import static org.llmobservatory.server.support.Otlp.kv;
import static org.llmobservatory.server.support.Otlp.kvlist;
import static org.llmobservatory.server.support.Otlp.nanos;
import static org.llmobservatory.server.support.Otlp.resource;
import static org.llmobservatory.server.support.Otlp.span;
import static org.llmobservatory.server.support.Otlp.traces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.llmobservatory.server.support.Otlp;
import org.llmobservatory.server.values.ContentLimits;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.model.SpanKind;
import org.llmobservatory.storage.model.StatusCode;

/** What the JSON and text columns hold: every attribute kept, every value kind, and the text rules. */
class SpanMapperStoredFormTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void the_plain_span_fields_are_stored_as_sent() {
        Span span = MAPPER.map("project-7", traces(span(START).setKind(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER)
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK)))).spans().getFirst();

        assertThat(span.projectId()).isEqualTo("project-7");
        assertThat(span.traceId()).isEqualTo(Otlp.TRACE_ID);
        assertThat(span.spanId()).isEqualTo(Otlp.SPAN_ID);
        assertThat(span.parentSpanId()).isEqualTo(Otlp.PARENT_ID);
        assertThat(span.name()).isEqualTo("chat gpt-4o");
        assertThat(span.kind()).isEqualTo(SpanKind.SERVER);
        assertThat(span.startTime()).isEqualTo(START);
        assertThat(span.durationMs()).isEqualTo(1500.0);
        assertThat(span.statusCode()).isEqualTo(StatusCode.OK);
        assertThat(span.statusMessage()).isNull();
    }

    @Test
    void unknown_attributes_are_kept_in_the_attributes_json_with_every_value_kind() throws Exception {
        Span span = mapOne(
                kv("app.feature", "summarise"),
                kv("app.retries", 3L),
                kv("app.ratio", 0.5),
                kv("app.cached", bool(true)),
                kv("app.tags", array(Otlp.string("a"), Otlp.integer(1))),
                kv("app.meta", kvlist(kv("k", "v"), kv("n", 2L))),
                kv("app.blob", AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("hi")).build()),
                kv("app.nan", dbl(Double.NaN)),
                kv("app.inf", dbl(Double.NEGATIVE_INFINITY)),
                kv("app.unset", AnyValue.getDefaultInstance()),
                kv("gen_ai.usage.input_tokens", 10L));

        assertThat(json(span.attributes())).isEqualTo(json("""
                {"app.feature": "summarise", "app.retries": 3, "app.ratio": 0.5, "app.cached": true,
                 "app.tags": ["a", 1], "app.meta": {"k": "v", "n": 2}, "app.blob": "aGk=",
                 "app.nan": "NaN", "app.inf": "-Infinity", "app.unset": null, "gen_ai.usage.input_tokens": 10,
                 "otel.scope.name": "test.instrumentation", "otel.scope.version": "1.2.3"}
                """));
    }

    @Test
    void a_key_sent_twice_keeps_its_last_value_and_the_scope_never_overrides_an_attribute() throws Exception {
        Span span = mapOne(kv("k", "first"), kv("k", "second"), kv("otel.scope.name", "mine"));

        assertThat(json(span.attributes()).get("k").asText()).isEqualTo("second");
        assertThat(json(span.attributes()).get("otel.scope.name").asText()).isEqualTo("mine");
    }

    @Test
    void the_resource_attributes_are_json_and_a_resource_without_service_name_is_unknown_service() throws Exception {
        Span named = MAPPER.map("p1", traces(resource(kv("service.name", "api"), kv("host.name", "h1")), span(START)))
                .spans().getFirst();
        Span unnamed = MAPPER.map("p1", traces(resource(kv("host.name", "h1")), span(START))).spans().getFirst();

        assertThat(json(named.resourceAttributes())).isEqualTo(json("{\"service.name\": \"api\", \"host.name\": \"h1\"}"));
        assertThat(named.serviceName()).isEqualTo("api");
        assertThat(unnamed.serviceName()).isEqualTo("unknown_service");
    }

    @Test
    void events_and_links_are_json_arrays_with_rfc_3339_times_and_hex_ids() throws Exception {
        Span span = MAPPER.map("p1", traces(span(START)
                .addEvents(io.opentelemetry.proto.trace.v1.Span.Event.newBuilder().setName("exception")
                        .setTimeUnixNano(nanos(START) + 123_456_789L).addAttributes(kv("exception.type", "Timeout")))
                .addEvents(io.opentelemetry.proto.trace.v1.Span.Event.newBuilder().setName("no time"))
                .addLinks(io.opentelemetry.proto.trace.v1.Span.Link.newBuilder()
                        .setTraceId(id("0af7651916cd43dd8448eb211c80319c")).setSpanId(id("b7ad6b7169203331"))
                        .addAttributes(kv("link.kind", "retry"))))).spans().getFirst();

        assertThat(json(span.events())).isEqualTo(json("""
                [{"name": "exception", "time": "2026-03-01T11:59:00.123456789Z", "attributes": {"exception.type": "Timeout"}},
                 {"name": "no time", "time": null, "attributes": {}}]
                """));
        assertThat(span.eventCount()).isEqualTo(2);
        assertThat(json(span.links())).isEqualTo(json("""
                [{"traceId": "0af7651916cd43dd8448eb211c80319c", "spanId": "b7ad6b7169203331",
                  "attributes": {"link.kind": "retry"}}]
                """));
    }

    @Test
    void nul_characters_become_the_replacement_character_in_every_text_and_json_column() throws Exception {
        Span span = MAPPER.map("p1", traces(resource(kv("service.name", "a\u0000b")), span(START,
                        kv("ke\u0000y", "va\u0000lue"), kv("gen_ai.input.messages", "in\u0000put"),
                        kv("user.id", "u\u0000"), kv("lonely", "x\uD800y"))
                .setName("na\u0000me").setStatus(Status.newBuilder().setMessage("bo\u0000om"))
                .addEvents(io.opentelemetry.proto.trace.v1.Span.Event.newBuilder().setName("e\u0000")))).spans().getFirst();

        assertThat(span.name()).isEqualTo("na\uFFFDme");
        assertThat(span.serviceName()).isEqualTo("a\uFFFDb");
        assertThat(span.statusMessage()).isEqualTo("bo\uFFFDom");
        assertThat(span.userId()).isEqualTo("u\uFFFD");
        assertThat(span.inputContent()).isEqualTo("in\uFFFDput");
        assertThat(json(span.attributes()).get("ke\uFFFDy").asText()).isEqualTo("va\uFFFDlue");
        assertThat(json(span.attributes()).get("lonely").asText()).isEqualTo("x\uFFFDy");
        assertThat(span.events()).contains("e\uFFFD");
        assertThat(span.attributes() + span.resourceAttributes() + span.events())
                .doesNotContain("\u0000", "\\u0000");
    }

    @Test
    void attribute_values_over_16_kib_are_cut_with_a_marker_counting_the_dropped_bytes() throws Exception {
        String long20k = "é".repeat(10 * 1024);  // 2 bytes each: 20480 bytes

        Span span = mapOne(kv("big", long20k), kv("nested", array(Otlp.string(long20k))));

        String stored = json(span.attributes()).get("big").asText();
        assertThat(stored).isEqualTo("é".repeat(8 * 1024) + "…[truncated 4096 bytes]");
        assertThat(json(span.attributes()).get("nested").get(0).asText()).isEqualTo(stored);
    }

    @Test
    void content_is_capped_at_32_kib_and_the_limits_are_configurable() {
        String long40k = "x".repeat(40 * 1024);
        String capped = mapOne(kv("input.value", long40k)).inputContent();
        assertThat(capped.length()).isEqualTo(32 * 1024 + "…[truncated 8192 bytes]".length());
        assertThat(capped.endsWith("x…[truncated 8192 bytes]")).as("ends with the marker").isTrue();

        SpanMapper small = new SpanMapper(new ContentLimits(100, 200), TimeWindow.DEFAULT,
                Clock.fixed(NOW, ZoneOffset.UTC));
        Span span = small.map("p1", traces(span(START, kv("input.value", long40k), kv("other", long40k))))
                .spans().getFirst();
        assertThat(span.inputContent()).isEqualTo("x".repeat(200) + "…[truncated 40760 bytes]");
        assertThat(span.attributes()).contains("\"other\":\"" + "x".repeat(100) + "…[truncated 40860 bytes]\"");
    }

    @Test
    void indexed_messages_longer_than_the_cap_are_cut_once_as_a_whole() {
        SpanMapper small = new SpanMapper(new ContentLimits(100, 100), TimeWindow.DEFAULT,
                Clock.fixed(NOW, ZoneOffset.UTC));
        Span span = small.map("p1", traces(span(START, kv("gen_ai.prompt.0.role", "user"),
                kv("gen_ai.prompt.0.content", "y".repeat(90)), kv("gen_ai.prompt.1.content", "z".repeat(50)))))
                .spans().getFirst();

        assertThat(span.inputContent()).startsWith("[{\"role\":\"user\",\"content\":\"yyy")
                .endsWith("…[truncated 85 bytes]").hasSize(100 + "…[truncated 85 bytes]".length());
    }

    @Test
    void structured_content_is_stored_as_json_text() {
        Span span = mapOne(kv("gen_ai.input.messages", array(kvlist(kv("role", "user"),
                kv("parts", array(kvlist(kv("type", "text"), kv("content", "hi"))))))));

        assertThat(span.inputContent()).isEqualTo("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"hi\"}]}]");
    }
}
