package org.llmobservatory.server.hostile;

import static org.llmobservatory.server.support.Otlp.kv;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.llmobservatory.server.support.Otlp;

/**
 * Writes the hostile-input corpus under {@code src/test/resources/hostile}: OTLP bodies in
 * {@code otlp-json/} and {@code otlp-protobuf/}, each listed in {@code cases.tsv} with the answer it
 * must get, and query strings in {@code query/cases.tsv}. Run once and commit the output:
 * {@code java -cp <test classpath> org.llmobservatory.server.hostile.HostileCorpus server/src/test/resources/hostile}.
 *
 * <p>Times cannot be fixed in a file that must stay inside the ingest time window, so bodies carry
 * placeholders the test replaces before sending: {@code "$START"}, {@code "$END"} and {@code "$BEFORE"}
 * in JSON, and the 8-byte fixed64 values spelling {@code T0START!}, {@code T0END!!!} and
 * {@code T0BEFORE} in protobuf.
 */
public final class HostileCorpus {

    static final String START = "T0START!";
    static final String END = "T0END!!!";
    static final String BEFORE = "T0BEFORE";

    private final Path root;
    private final List<String> rows = new ArrayList<>();
    private int next = 1;

    private HostileCorpus(Path root) {
        this.root = root;
    }

    public static void main(String[] args) throws IOException {
        HostileCorpus corpus = new HostileCorpus(Path.of(args.length > 0 ? args[0] : "server/src/test/resources/hostile"));
        corpus.jsonCases();
        corpus.protobufCases();
        corpus.protobufSignalCases();
        corpus.write();
        new QueryCorpus(corpus.root.resolve("query")).write();
    }

    static long sentinel(String eightChars) {
        return ByteBuffer.wrap(eightChars.getBytes(StandardCharsets.US_ASCII)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    // ---- OTLP/JSON --------------------------------------------------------------------------------------

    private void jsonCases() throws IOException {
        String good = traces("%SVC%", span("hostile", "") + "," + neighbour());
        raw("empty body", "", "400", 0);
        raw("the literal null", "null", "400", 0);
        raw("a top-level array", "[]", "400", 0);
        raw("a top-level string", "\"resourceSpans\"", "400", 0);
        raw("a top-level number", "42", "400", 0);
        raw("a top-level boolean", "true", "400", 0);
        raw("whitespace only", "  \n\t ", "400", 0);
        raw("empty object is an empty request", "{}", "200", 0);
        raw("two objects back to back", "{}{}", "400", 0);
        json("trailing garbage after a valid body", good + " trailing", "400", 0, "-");
        json("trailing comma", good.substring(0, good.length() - 1) + ",}", "400", 0, "-");
        json("truncated JSON body", good.substring(0, good.length() / 2), "400", 0, "-");
        json("UTF-8 byte order mark before a valid body is skipped", "\uFEFF" + good, "200", 2, "-");
        raw("deep array nesting 10k levels", "[".repeat(10_000) + "]".repeat(10_000), "400", 0);
        raw("deep object nesting 10k levels", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000), "400", 0);
        json("deep nesting 10k levels inside an attribute",
                traces("%SVC%", span("hostile", attr("deep", "{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":"
                        .repeat(10_000) + "{\"intValue\":1}" + "}]}}".repeat(10_000)))), "400", 0, "-");
        json("kvlist nested 20 levels is stored", traces("%SVC%", span("hostile", attr("deep", nestedKv(20)))
                + "," + neighbour()), "200", 2, "attributes~\"k\"");
        json("kvlist nested 40 levels passes the decoder's recursion limit",
                traces("%SVC%", span("hostile", attr("deep", nestedKv(40)))), "400", 0, "-");
        json("kvlist nested 200 levels passes the decoder's recursion limit",
                traces("%SVC%", span("hostile", attr("deep", nestedKv(200)))), "400", 0, "-");
        json("array nested 30 levels is stored", traces("%SVC%", span("hostile", attr("deep", nestedArray(30)))
                + "," + neighbour()), "200", 2, "-");
        json("array nested 60 levels passes the decoder's recursion limit",
                traces("%SVC%", span("hostile", attr("deep", nestedArray(60)))), "400", 0, "-");
        json("huge number as a time", traces("%SVC%", span("hostile", "").replace("\"$START\"",
                "1" + "0".repeat(400))), "400", 0, "-");
        json("time as a float with exponent 1e400", traces("%SVC%", span("hostile", "").replace("\"$START\"",
                "1e400")), "400", 0, "-");
        json("intValue larger than 64 bits", traces("%SVC%", span("hostile",
                attr("big", "{\"intValue\":\"123456789012345678901234567890\"}"))), "400", 0, "-");
        json("doubleValue 1e400", traces("%SVC%", span("hostile", attr("big", "{\"doubleValue\":1e400}"))),
                "400", 0, "-");
        json("doubleValue with 1000 digits", traces("%SVC%", span("hostile",
                attr("big", "{\"doubleValue\":0." + "3".repeat(1000) + "}")) + "," + neighbour()), "400", 0, "-");
        json("doubleValue with 300 digits", traces("%SVC%", span("hostile",
                attr("big", "{\"doubleValue\":0." + "3".repeat(300) + "}")) + "," + neighbour()), "200", 2, "-");
        // The first resourceSpans holds one span of its own; keeping it, or both, would store 1 or 3.
        String first = traces("%SVC%", span("first", "").replace("1111111111111111", "3333333333333333"));
        json("duplicate top-level key keeps the last", first.substring(0, first.length() - 1) + ","
                + good.substring(1), "200", 2, "name~neighbour");
        json("duplicate name key in a span keeps the last", traces("%SVC%",
                span("first", "").replace("\"name\":\"first\"", "\"name\":\"first\",\"name\":\"second\"")),
                "200", 1, "name~second");
        json("resourceSpans is an object", "{\"resourceSpans\":{}}", "400", 0, "-");
        json("resourceSpans is a string", "{\"resourceSpans\":\"x\"}", "400", 0, "-");
        json("resourceSpans is null is an empty request", "{\"resourceSpans\":null}", "200", 0, "-");
        json("spans holds a number", traces("%SVC%", "1"), "400", 0, "-");
        json("spans holds null", traces("%SVC%", "null"), "400", 0, "-");
        json("span name is an object", traces("%SVC%", span("x", "").replace("\"name\":\"x\"", "\"name\":{}")),
                "400", 0, "-");
        json("kind is an unknown word, ignored like an unknown field", traces("%SVC%", span("hostile", "")
                .replace("\"kind\":3", "\"kind\":\"BANANA\"")), "200", 1, "kind~unspecified");
        json("kind is an unknown number", traces("%SVC%", span("hostile", "").replace("\"kind\":3", "\"kind\":99")
                + "," + neighbour()), "200", 2, "kind~unspecified");
        json("kind is negative", traces("%SVC%", span("hostile", "").replace("\"kind\":3", "\"kind\":-1")
                + "," + neighbour()), "200", 2, "-");
        json("attributes is an object", traces("%SVC%", span("hostile", "").replace("\"attributes\":[]",
                "\"attributes\":{}")), "400", 0, "-");
        json("attribute value is a bare string", traces("%SVC%", span("hostile", "").replace("\"attributes\":[]",
                "\"attributes\":[{\"key\":\"a\",\"value\":\"bare\"}]")), "400", 0, "-");
        json("intValue is a word", traces("%SVC%", span("hostile", attr("n", "{\"intValue\":\"many\"}"))),
                "400", 0, "-");
        json("boolValue is a string", traces("%SVC%", span("hostile", attr("b", "{\"boolValue\":\"yes\"}"))),
                "400", 0, "-");
        json("bytesValue is not base64", traces("%SVC%", span("hostile", attr("b", "{\"bytesValue\":\"%%%\"}"))),
                "400", 0, "-");
        json("start time is a word", traces("%SVC%", span("hostile", "").replace("\"$START\"", "\"yesterday\"")),
                "400", 0, "-");
        json("start time is negative", traces("%SVC%", span("hostile", "").replace("\"$START\"", "-1")),
                "400", 0, "-");
        json("start time is a boolean", traces("%SVC%", span("hostile", "").replace("\"$START\"", "true")),
                "400", 0, "-");
        json("status code is an unknown word, ignored like an unknown field", traces("%SVC%", span("hostile", "")
                .replace("\"status\":{}", "\"status\":{\"code\":\"MAYBE\"}")), "200", 1, "status_code~unset");
        json("unknown fields are ignored", traces("%SVC%", span("hostile", "").replace("\"kind\":3",
                "\"kind\":3,\"futureField\":{\"x\":[1,2]}") + "," + neighbour()), "200", 2, "-");
        json("logs payload on the traces path", "{\"resourceLogs\":[]}", "400", 0, "-");
        json("metrics payload on the traces path", "{\"resourceMetrics\":[]}", "400", 0, "-");

        // ids
        for (String[] id : new String[][] {
                {"traceId of 31 hex characters", "traceId", "5b8efff798038103d269b633813fc60"},
                {"traceId of 33 hex characters", "traceId", "5b8efff798038103d269b633813fc60cc"},
                {"traceId with non-hex characters", "traceId", "zz8efff798038103d269b633813fc60c"},
                {"traceId base64 encoded", "traceId", "W47/95gDgQPSabYzgT/GDA=="},
                {"traceId with a NUL", "traceId", "5b8efff798038103d269b633813fc6\\u0000c"},
                {"spanId of 12 hex characters", "spanId", "eee19b7ec3c1"},
                {"spanId with spaces", "spanId", "eee19b7e c3c1b17"},
                {"parentSpanId of 15 characters", "parentSpanId", "eee19b7ec3c1b17"},
                {"spanId as a number", "spanId", null}}) {
            String replaced = id[2] == null
                    ? span("hostile", "").replace("\"spanId\":\"1111111111111111\"", "\"spanId\":1234")
                    : span("hostile", "").replace(idField(id[1]), "\"" + id[1] + "\":\"" + id[2] + "\"");
            json(id[0], traces("%SVC%", replaced + "," + neighbour()), "400", 0, "-");
        }
        json("traceId all zeros rejects the span alone", traces("%SVC%",
                span("hostile", "").replace(idField("traceId"), "\"traceId\":\"" + "0".repeat(32) + "\"")
                        + "," + neighbour()), "200", 1, "name~neighbour");
        json("spanId all zeros rejects the span alone", traces("%SVC%",
                span("hostile", "").replace(idField("spanId"), "\"spanId\":\"" + "0".repeat(16) + "\"")
                        + "," + neighbour()), "200", 1, "name~neighbour");
        json("empty traceId rejects the span alone", traces("%SVC%",
                span("hostile", "").replace(idField("traceId"), "\"traceId\":\"\"") + "," + neighbour()), "200", 1,
                "name~neighbour");
        json("upper-case traceId is accepted", traces("%SVC%",
                span("hostile", "").replace(idField("traceId"), "\"traceId\":\"" + caseTrace().toUpperCase() + "\"")
                        + "," + neighbour()), "200", 2, "-");

        // times
        for (String[] time : new String[][] {
                {"start in 1970 (milliseconds sent as nanoseconds)", "\"$START\"", "\"1700000000000\""},
                {"start at 1 ns after the epoch", "\"$START\"", "\"1\""},
                {"start missing (0)", "\"$START\"", "\"0\""},
                {"end before start", "\"$END\"", "\"$BEFORE\""},
                {"end in year 2300, past the signed 64-bit range", "\"$END\"", "\"10413792000000000000\""},
                {"end at the largest uint64", "\"$END\"", "\"18446744073709551615\""},
                {"start in 2100", "\"$START\"", "\"4102444800000000000\""}}) {
            json(time[0] + " rejects the span alone", traces("%SVC%",
                    span("hostile", "").replace(time[1], time[2]) + "," + neighbour()), "200", 1, "name~neighbour");
        }
        json("end in year 9999 does not fit uint64", traces("%SVC%",
                span("hostile", "").replace("\"$END\"", "\"253402300799000000000\"")), "400", 0, "-");

        // numbers the LLM columns read
        for (String[] bad : new String[][] {
                {"negative input tokens", "gen_ai.usage.input_tokens", "{\"intValue\":\"-5\"}"},
                {"fractional output tokens", "gen_ai.usage.output_tokens", "{\"doubleValue\":1.5}"},
                {"token count as a word", "gen_ai.usage.input_tokens", "{\"stringValue\":\"lots\"}"},
                {"token count as a boolean", "gen_ai.usage.input_tokens", "{\"boolValue\":true}"},
                {"token count NaN", "gen_ai.usage.input_tokens", "{\"doubleValue\":\"NaN\"}"},
                {"token count Infinity", "gen_ai.usage.output_tokens", "{\"doubleValue\":\"Infinity\"}"},
                {"token count 1e300", "gen_ai.usage.output_tokens", "{\"doubleValue\":1e300}"},
                {"cost NaN", "llm.cost.total", "{\"doubleValue\":\"NaN\"}"},
                {"cost Infinity", "llm.cost.total", "{\"doubleValue\":\"Infinity\"}"},
                {"cost -Infinity", "gen_ai.usage.cost", "{\"doubleValue\":\"-Infinity\"}"},
                {"cost as the string NaN", "llm.cost.total", "{\"stringValue\":\"NaN\"}"},
                {"negative cost", "llm.cost.total", "{\"doubleValue\":-0.01}"},
                {"cost of 10^11 USD", "llm.cost.total", "{\"doubleValue\":1e11}"},
                {"cost with a huge exponent", "llm.cost.total", "{\"stringValue\":\"1e999999999\"}"},
                {"time to first token NaN", "gen_ai.response.time_to_first_chunk", "{\"doubleValue\":\"NaN\"}"},
                {"time to first token Infinity", "gen_ai.response.time_to_first_chunk",
                        "{\"doubleValue\":\"Infinity\"}"},
                {"time to first token negative", "gen_ai.server.time_to_first_token", "{\"doubleValue\":-1}"}}) {
            json(bad[0] + " rejects the span alone", traces("%SVC%",
                    span("hostile", attr(bad[1], bad[2])) + "," + neighbour()), "200", 1, "name~neighbour");
        }
        json("input and output tokens that overflow the total", traces("%SVC%", span("hostile",
                attr("gen_ai.usage.input_tokens", "{\"intValue\":\"9223372036854775807\"}") + ","
                        + attr("gen_ai.usage.output_tokens", "{\"intValue\":\"1\"}")) + "," + neighbour()),
                "200", 1, "name~neighbour");
        json("largest token count is stored", traces("%SVC%", span("hostile",
                attr("gen_ai.usage.input_tokens", "{\"intValue\":\"9223372036854775807\"}")) + "," + neighbour()),
                "200", 2, "-");
        json("NaN and infinite plain attributes are stored as strings", traces("%SVC%", span("hostile",
                attr("x.nan", "{\"doubleValue\":\"NaN\"}") + "," + attr("x.inf", "{\"doubleValue\":\"-Infinity\"}"))
                + "," + neighbour()), "200", 2, "attributes~\"NaN\"");
        json("cost with 20 decimals is rounded", traces("%SVC%", span("hostile",
                attr("llm.cost.total", "{\"stringValue\":\"0.12345678905000000001\"}")) + "," + neighbour()),
                "200", 2, "cost_usd~0.1234567891");

        // NUL and broken characters
        for (String[] nul : new String[][] {
                {"NUL in the span name", "name", "name~\uFFFD"},
                {"NUL in an attribute value", "value", "attributes~\uFFFD"},
                {"NUL in an attribute key", "key", "attributes~\uFFFD"},
                {"NUL in the status message", "status", "status_message~\uFFFD"},
                {"NUL in the model", "model", "model~\uFFFD"},
                {"NUL in the prompt content", "content", "input_content~\uFFFD"},
                {"NUL in an event name", "event", "events~\uFFFD"},
                {"NUL in the service name", "service", "service_name~\uFFFDx"}}) {
            json(nul[0] + " is stored as U+FFFD", traces(nul[1].equals("service") ? "%SVC%\\u0000x" : "%SVC%",
                    withText(nul[1], "va\\u0000lue") + "," + neighbour()), "200", 2, nul[2]);
        }
        json("lone high surrogate in the span name", traces("%SVC%", withText("name", "a\\ud800b") + ","
                + neighbour()), "200", 2, "name~\uFFFD");
        json("lone low surrogate in an attribute value", traces("%SVC%", withText("value", "a\\udc00b") + ","
                + neighbour()), "200", 2, "attributes~\uFFFD");
        json("reversed surrogate pair in an attribute key", traces("%SVC%", withText("key", "\\udc00\\ud800") + ","
                + neighbour()), "200", 2, "attributes~\uFFFD");
        json("valid astral characters are kept", traces("%SVC%", withText("name", "\\ud83d\\ude00 emoji") + ","
                + neighbour()), "200", 2, "name~\uD83D\uDE00");
        json("every control character in a value", traces("%SVC%", withText("value", controls()) + ","
                + neighbour()), "200", 2, "-");
        bytes("invalid UTF-8 byte in a JSON string", "json",
                withInvalidUtf8(traces("%SVC%", withText("name", "XXBADXX") + "," + neighbour())), "400", 0, "-");
        bytes("overlong UTF-8 encoding of NUL", "json",
                replace(traces("%SVC%", withText("name", "XXBADXX") + "," + neighbour()).getBytes(StandardCharsets.UTF_8),
                        "XXBADXX", new byte[] {'a', (byte) 0xC0, (byte) 0x80, 'b', 'c', 'd', 'e'}), "400", 0, "-");
        bytes("UTF-16 encoded body", "json", good.replace("%SVC%", "svc-utf16")
                .getBytes(StandardCharsets.UTF_16LE), "400", 0, "-");

        // size
        json("attribute value of 100 KiB is truncated", traces("%SVC%", span("hostile",
                attr("big", "{\"stringValue\":\"" + "x".repeat(100 * 1024) + "\"}")) + "," + neighbour()),
                "200", 2, "attributes~…[truncated 86016 bytes]");
        json("attribute key of 20 KiB is truncated", traces("%SVC%", span("hostile",
                attr("k".repeat(20 * 1024), "{\"intValue\":1}")) + "," + neighbour()), "200", 2, "attributes~…[truncated");
        json("span name of 20 KiB of 2-byte characters is truncated", traces("%SVC%",
                withText("name", "é".repeat(10 * 1024)) + "," + neighbour()), "200", 2, "name~…[truncated 4096 bytes]");
        json("prompt of 100 KiB is cut to the content limit", traces("%SVC%", withText("content",
                "p".repeat(100 * 1024)) + "," + neighbour()), "200", 2, "input_content~…[truncated");
        json("2000 attributes on one span", traces("%SVC%", span("hostile", manyAttributes(2000)) + ","
                + neighbour()), "200", 2, "attributes~\"a1999\"");
        json("array of 20000 elements", traces("%SVC%", span("hostile", attr("arr", "{\"arrayValue\":{\"values\":["
                + "{\"intValue\":1},".repeat(19_999) + "{\"intValue\":1}]}}")) + "," + neighbour()), "200", 2, "-");
        json("1000 events", traces("%SVC%", span("hostile", "").replace("\"status\":{}",
                "\"status\":{},\"events\":[" + "{\"name\":\"e\",\"timeUnixNano\":\"$START\"},".repeat(999)
                        + "{\"name\":\"e\"}]") + "," + neighbour()), "200", 2, "-");

        // logs and metrics
        String logsPath = "/v1/logs";
        jsonAt(logsPath, "log with severity 99 is rejected alone", logs(logRecord(
                "\"severityNumber\":99,\"body\":{\"stringValue\":\"x\"}") + "," + goodLog()), "200", 1, "-");
        jsonAt(logsPath, "log with negative severity is rejected alone", logs(logRecord(
                "\"severityNumber\":-3,\"body\":{\"stringValue\":\"x\"}") + "," + goodLog()), "200", 1, "-");
        jsonAt(logsPath, "log body with NUL is stored as U+FFFD", logs(logRecord(
                "\"body\":{\"stringValue\":\"a\\u0000b\"}") + "," + goodLog()), "200", 2, "body~\uFFFD");
        jsonAt(logsPath, "log body that is a deep map is stored as JSON", logs(logRecord(
                "\"body\":" + nestedKv(10)) + "," + goodLog()), "200", 2, "-");
        jsonAt(logsPath, "log body nested 40 levels passes the decoder's recursion limit", logs(logRecord(
                "\"body\":" + nestedKv(40)) + "," + goodLog()), "400", 0, "-");
        jsonAt(logsPath, "log in 1970 is rejected alone", logs(logRecord(
                "\"body\":{\"stringValue\":\"x\"}").replace("\"$START\"", "\"1000\"") + "," + goodLog()),
                "200", 1, "-");
        jsonAt(logsPath, "log with a traceId of wrong length", logs(logRecord(
                "\"traceId\":\"abc\",\"body\":{\"stringValue\":\"x\"}") + "," + goodLog()), "400", 0, "-");
        jsonAt(logsPath, "log body of 100 KiB is cut to the content limit", logs(logRecord(
                "\"body\":{\"stringValue\":\"" + "b".repeat(100 * 1024) + "\"}") + "," + goodLog()), "200", 2,
                "body~…[truncated");
        jsonAt(logsPath, "traces payload on the logs path", "{\"resourceSpans\":[]}", "400", 0, "-");
        jsonAt(logsPath, "empty log body", "", "400", 0, "-");
        String metricsPath = "/v1/metrics";
        jsonAt(metricsPath, "gauge point without a value is rejected alone", metrics(
                gauge("m.empty", "{\"timeUnixNano\":\"$START\"}") + "," + goodMetric()), "200", 1, "-");
        jsonAt(metricsPath, "gauge NaN is stored", metrics(
                gauge("m.nan", "{\"timeUnixNano\":\"$START\",\"asDouble\":\"NaN\"}") + "," + goodMetric()),
                "200", 2, "-");
        jsonAt(metricsPath, "gauge Infinity is stored", metrics(
                gauge("m.inf", "{\"timeUnixNano\":\"$START\",\"asDouble\":\"Infinity\"}") + "," + goodMetric()),
                "200", 2, "-");
        jsonAt(metricsPath, "metric with an empty name is rejected alone", metrics(
                gauge("", "{\"timeUnixNano\":\"$START\",\"asDouble\":1}") + "," + goodMetric()), "200", 1, "-");
        jsonAt(metricsPath, "metric name with NUL is stored as U+FFFD", metrics(
                gauge("m\\u0000x", "{\"timeUnixNano\":\"$START\",\"asDouble\":1}") + "," + goodMetric()),
                "200", 2, "metric_name~\uFFFD");
        jsonAt(metricsPath, "gauge point in 1970 is rejected alone", metrics(
                gauge("m.old", "{\"timeUnixNano\":\"5\",\"asDouble\":1}") + "," + goodMetric()), "200", 1, "-");
        jsonAt(metricsPath, "histogram with bucket counts not matching bounds is rejected alone", metrics(
                "{\"name\":\"h\",\"histogram\":{\"aggregationTemporality\":2,\"dataPoints\":[{\"timeUnixNano\":\"$START\","
                        + "\"count\":\"3\",\"bucketCounts\":[\"1\",\"2\"],\"explicitBounds\":[1,2,3]}]}}," + goodMetric()),
                "200", 1, "-");
        jsonAt(metricsPath, "histogram with NaN sum", metrics(
                "{\"name\":\"h\",\"histogram\":{\"aggregationTemporality\":2,\"dataPoints\":[{\"timeUnixNano\":\"$START\","
                        + "\"count\":\"3\",\"sum\":\"NaN\",\"bucketCounts\":[\"3\"],\"explicitBounds\":[]}]}},"
                        + goodMetric()), "200", 2, "-");
        jsonAt(metricsPath, "metric without data is rejected alone", metrics("{\"name\":\"nodata\"}," + goodMetric()),
                "200", 1, "-");
        jsonAt(metricsPath, "logs payload on the metrics path", "{\"resourceLogs\":[]}", "400", 0, "-");
        jsonAt(metricsPath, "gauge value as a word", metrics(
                gauge("m.word", "{\"timeUnixNano\":\"$START\",\"asDouble\":\"much\"}")), "400", 0, "-");

        // content types and encodings
        row("otlp-json/" + file("text-plain", "json", good), "/v1/traces", "text/plain", "-", "415", "0", "-",
                "a JSON body sent as text/plain");
        row("otlp-json/" + file("no-subtype", "json", good), "/v1/traces", "application", "-", "415", "0", "-",
                "a Content-Type without subtype");
        row("otlp-json/" + file("json-as-protobuf", "json", good), "/v1/traces", "application/x-protobuf", "-",
                "400", "0", "-", "a JSON body sent as protobuf");
        row("otlp-json/" + file("brotli", "json", good), "/v1/traces", "application/json", "br", "400", "0", "-",
                "an unsupported Content-Encoding");
        row("otlp-json/" + file("gzip-lie", "json", good), "/v1/traces", "application/json", "gzip", "400", "0", "-",
                "a body marked gzip that is not");
        byte[] bomb = gzip(new byte[9 * 1024 * 1024]);
        row("otlp-json/" + file("gzip-bomb", "json.gz", bomb), "/v1/traces", "application/json", "gzip", "413", "0",
                "-", "9 MiB of zeros in 9 KiB of gzip");
        byte[] gz = gzip(good.replace("%SVC%", svc()).getBytes(StandardCharsets.UTF_8));
        row("otlp-json/" + file("gzip-truncated", "json.gz", java.util.Arrays.copyOf(gz, gz.length / 2)),
                "/v1/traces", "application/json", "gzip", "400", "0", "-", "a gzip body cut in half");
    }

    // ---- protobuf ---------------------------------------------------------------------------------------

    private void protobufCases() throws IOException {
        byte[] valid = spans(span("p")).toByteArray();
        proto("a valid request", valid, "200", 1, "-");
        proto("an empty body is an empty request", new byte[0], "200", 0, "-");
        // Every cut inside the single resourceSpans field leaves a length prefix pointing past the end.
        int length = traceBody("cut").length;
        int cuts = 0;
        for (int cut = 1; cut < length; cut += Math.max(1, length / 90)) {
            byte[] body = traceBody("cut-" + next);
            proto("valid body truncated at byte " + cut + " of " + body.length,
                    java.util.Arrays.copyOf(body, Math.min(cut, body.length - 1)), "400", 0, "-");
            cuts++;
        }
        byte[] whole = traceBody("cut-last");
        proto("valid body missing only its last byte", java.util.Arrays.copyOf(whole, whole.length - 1), "400", 0, "-");
        Random random = new Random(20261124);
        for (int i = 0; i < 8; i++) {
            byte[] garbage = new byte[16 + random.nextInt(512)];
            random.nextBytes(garbage);
            garbage[0] = (byte) 0x0a; // a resourceSpans tag, so the parser goes past the first byte
            // protobuf's own parser says whether the bytes are a request; the service must agree.
            String expect;
            try {
                ExportTraceServiceRequest.parseFrom(garbage);
                expect = "200";
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                expect = "400";
            }
            proto("random bytes #" + (i + 1) + " after a resourceSpans tag", garbage, expect, 0, "-");
        }
        proto("ten 0xff bytes (a varint that never ends)", filled(10, 0xff), "400", 0, "-");
        proto("a length prefix of 2 GiB", new byte[] {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07},
                "400", 0, "-");
        proto("a negative length prefix", new byte[] {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f},
                "400", 0, "-");
        proto("field number 0", new byte[] {0x00, 0x01}, "400", 0, "-");
        proto("an end-group tag with no start", new byte[] {0x0c}, "400", 0, "-");
        proto("resourceSpans sent as a varint", new byte[] {0x08, 0x01}, "400", 0, "-");
        proto("resourceSpans sent as fixed64", new byte[] {0x09, 1, 2, 3, 4, 5, 6, 7, 8}, "400", 0, "-");
        proto("a JSON body with a protobuf content type", "{\"resourceSpans\":[]}".getBytes(StandardCharsets.UTF_8),
                "400", 0, "-");
        proto("a logs request on the traces path", logsBody().toByteArray(), "400", 0, "-");
        proto("kvlist nested 200 levels passes the decoder's recursion limit",
                spans(span("deep", kv("deep", nested(200)))).toByteArray(), "400", 0, "-");
        proto("kvlist nested 25 levels is stored", spans(span("deep", kv("deep", nested(25))), neighbourSpan())
                .toByteArray(), "200", 2, "-");
        proto("kvlist nested 60 levels passes the decoder's recursion limit",
                spans(span("deep", kv("deep", nested(60)))).toByteArray(), "400", 0, "-");
        proto("unknown fields everywhere are ignored", withUnknownField(spans(span("p"), neighbourSpan())), "200", 2, "-");

        // invalid UTF-8 in proto3 strings: the decoder refuses the whole request
        byte[][] badUtf8 = {
                {'a', (byte) 0xff, 'b', 'c', 'd', 'e', 'f', 'g'},
                {'a', (byte) 0xc3, '(', 'c', 'd', 'e', 'f', 'g'},
                {'a', (byte) 0xed, (byte) 0xa0, (byte) 0x80, 'e', 'f', 'g', 'h'},  // an encoded surrogate
                {'a', (byte) 0xc0, (byte) 0x80, 'd', 'e', 'f', 'g', 'h'},          // overlong NUL
                {'a', 'b', 'c', 'd', 'e', 'f', 'g', (byte) 0xe2}};                  // cut multi-byte character
        String[] where = {"span name", "attribute value", "attribute key", "resource attribute", "event name"};
        for (int w = 0; w < where.length; w++) {
            for (int b = 0; b < badUtf8.length; b++) {
                if ((w + b) % 2 == 1 && w > 0) {
                    continue;
                }
                proto("invalid UTF-8 (" + describe(badUtf8[b]) + ") in the " + where[w],
                        replace(withMarker(where[w]).toByteArray(), "XXMARKXX", badUtf8[b]), "400", 0, "-");
            }
        }
        proto("NUL in span name, key, value and event is stored as U+FFFD",
                replace(spans(withMarkerSpan(), neighbourSpan()).toByteArray(), "XXMARKXX",
                        "ab\u0000cd\u0000ef".getBytes(StandardCharsets.UTF_8)), "200", 2, "name~\uFFFD");

        // ids of the wrong length or all zeros: the span alone is rejected
        String[][] ids = {
                {"trace", "5b8efff798038103d269b633813fc6"}, {"trace", "5b8efff798038103d269b633813fc60c00"},
                {"trace", ""}, {"trace", "0".repeat(32)}, {"span", "eee19b7ec3c1"}, {"span", ""},
                {"span", "0".repeat(16)}, {"span", "eee19b7ec3c1b17400"}, {"parent", "eee19b"},
                {"parent", "eee19b7ec3c1b174eee19b7ec3c1b174"}};
        for (String[] id : ids) {
            Span.Builder span = span("p");
            ByteString value = ByteString.copyFrom(HexFormat.of().parseHex(id[1]));
            switch (id[0]) {
                case "trace" -> span.setTraceId(value);
                case "span" -> span.setSpanId(value);
                default -> span.setParentSpanId(value);
            }
            proto(id[0] + " id of " + id[1].length() / 2 + " bytes" + (id[1].matches("0+") ? ", all zeros" : ""),
                    spans(span, neighbourSpan()).toByteArray(), "200", 1, "name~neighbour");
        }
        proto("parent span id all zeros is a root span", spans(span("p").setParentSpanId(
                ByteString.copyFrom(new byte[8])), neighbourSpan()).toByteArray(), "200", 2, "-");

        // times
        long[][] times = {{1, sentinel(END)}, {1_700_000_000_000L, sentinel(END)}, {0, sentinel(END)},
                {sentinel(START), sentinel(BEFORE)}, {sentinel(START), -1L}, {-1L, -1L},
                {sentinel(START), Long.MAX_VALUE}, {253_402_300_799L, sentinel(END)}};
        String[] timeNames = {"start 1 ns after 1970", "start in 1970 (milliseconds)", "start missing",
                "end before start", "end at the largest uint64 (year 2554)", "start and end past 2262",
                "end in year 2262", "start in 1970 (seconds of 9999-12-31 sent as nanoseconds)"};
        for (int i = 0; i < times.length; i++) {
            proto(timeNames[i] + " rejects the span alone", spans(span("p").setStartTimeUnixNano(times[i][0])
                    .setEndTimeUnixNano(times[i][1]), neighbourSpan()).toByteArray(), "200", 1, "-");
        }

        // numbers
        Object[][] numbers = {
                {"negative input tokens", kv("gen_ai.usage.input_tokens", -1L)},
                {"Long.MIN_VALUE output tokens", kv("gen_ai.usage.output_tokens", Long.MIN_VALUE)},
                {"NaN input tokens", kv("gen_ai.usage.input_tokens", Double.NaN)},
                {"NaN cost", kv("llm.cost.total", Double.NaN)},
                {"infinite cost", kv("gen_ai.usage.cost", Double.POSITIVE_INFINITY)},
                {"negative infinite cost", kv("llm.cost.total", Double.NEGATIVE_INFINITY)},
                {"NaN time to first token", kv("gen_ai.response.time_to_first_token", Double.NaN)},
                {"infinite time to first token", kv("gen_ai.response.time_to_first_chunk", Double.POSITIVE_INFINITY)},
                {"cost as bytes", kv("llm.cost.total", AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("1")).build())},
                {"tokens as an array", kv("gen_ai.usage.input_tokens", Otlp.array(Otlp.integer(1)))},
                {"negative zero-fraction tokens", kv("gen_ai.usage.input_tokens", -7.0)}};
        for (Object[] n : numbers) {
            proto(n[0] + " rejects the span alone", spans(span("p", (KeyValue) n[1]), neighbourSpan()).toByteArray(),
                    "200", 1, "-");
        }
        proto("NaN, infinities and -0.0 in plain attributes are stored", spans(span("p",
                kv("x.nan", Double.NaN), kv("x.inf", Double.POSITIVE_INFINITY), kv("x.neg", -0.0),
                kv("x.min", Double.MIN_VALUE), kv("x.max", Double.MAX_VALUE)), neighbourSpan()).toByteArray(),
                "200", 2, "attributes~\"Infinity\"");
        proto("unset attribute value is stored as null", spans(span("p", kv("x.none", AnyValue.getDefaultInstance())),
                neighbourSpan()).toByteArray(), "200", 2, "attributes~\"x.none\": null");
        proto("kind 999 is unspecified", spans(span("p").setKindValue(999), neighbourSpan()).toByteArray(),
                "200", 2, "kind~unspecified");
        proto("status code 7 is unset", spans(span("p").setStatus(io.opentelemetry.proto.trace.v1.Status.newBuilder()
                .setCodeValue(7)), neighbourSpan()).toByteArray(), "200", 2, "-");
        proto("attribute value of 200 KiB is truncated", spans(span("p", kv("big", "y".repeat(200 * 1024))),
                neighbourSpan()).toByteArray(), "200", 2, "attributes~…[truncated 188416 bytes]");
        proto("bytes attribute of 64 KiB is truncated as base64", spans(span("p", kv("bin", AnyValue.newBuilder()
                .setBytesValue(ByteString.copyFrom(new byte[64 * 1024])).build())), neighbourSpan()).toByteArray(),
                "200", 2, "attributes~…[truncated");
        proto("event time before the span start is kept in events", spans(span("p").addEvents(Span.Event.newBuilder()
                .setName("gen_ai.first_token").setTimeUnixNano(5)), neighbourSpan()).toByteArray(), "200", 2, "-");
        proto("link with ids of wrong length is stored as hex", spans(span("p").addLinks(Span.Link.newBuilder()
                .setTraceId(ByteString.copyFromUtf8("x")).setSpanId(ByteString.EMPTY)), neighbourSpan()).toByteArray(),
                "200", 2, "links~\"78\"");
        // Found by SpanMapperProperties: finite seconds, infinite milliseconds.
        proto("time to first token of 1e306 seconds rejects the span alone", spans(span("p",
                kv("gen_ai.response.time_to_first_chunk", 1e306)), neighbourSpan()).toByteArray(), "200", 1, "-");
        // wrong wire types: a known field number with another encoding is kept aside as an unknown field
        proto("span name sent as a varint", spans(span("").setUnknownFields(unknown(5, 7)), neighbourSpan())
                .toByteArray(), "400", 0, "-");
        proto("span start time sent as a varint", spans(span("p").setStartTimeUnixNano(0)
                .setUnknownFields(unknown(7, 1)), neighbourSpan()).toByteArray(), "400", 0, "-");
        proto("attribute value sent as a varint is stored as null", spans(span("p", KeyValue.newBuilder()
                .setKey("wrong.wire").setUnknownFields(unknown(2, 1)).build()), neighbourSpan()).toByteArray(),
                "200", 2, "attributes~\"wrong.wire\": null");
        proto("intValue sent as length-delimited is stored as null", spans(span("p", kv("wrong.int",
                AnyValue.newBuilder().setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder()
                        .addField(3, com.google.protobuf.UnknownFieldSet.Field.newBuilder()
                                .addLengthDelimited(ByteString.copyFromUtf8("42")).build()).build()).build())),
                neighbourSpan()).toByteArray(), "200", 2, "attributes~\"wrong.int\": null");
        System.out.println("protobuf truncations: " + cuts);
    }

    // ---- protobuf logs and metrics ----------------------------------------------------------------------

    private void protobufSignalCases() throws IOException {
        String logs = "/v1/logs";
        protoAt(logs, "a valid logs request", SignalBodies.logs(svc(), SignalBodies.log("fine")).toByteArray(),
                "200", 1, "-");
        byte[] log = SignalBodies.logs(svc(), SignalBodies.log("cut"), SignalBodies.log("short")).toByteArray();
        protoAt(logs, "logs body truncated in the middle", java.util.Arrays.copyOf(log, log.length / 2), "400", 0, "-");
        protoAt(logs, "log with severity 99 is rejected alone", SignalBodies.logs(svc(),
                SignalBodies.log("x").setSeverityNumberValue(99), SignalBodies.log("fine")).toByteArray(), "200", 1, "-");
        protoAt(logs, "log body with NUL is stored as U+FFFD", SignalBodies.logs(svc(),
                SignalBodies.log("a\u0000b"), SignalBodies.log("fine")).toByteArray(), "200", 2, "body~\uFFFD");
        protoAt(logs, "invalid UTF-8 in a log body", replace(SignalBodies.logs(svc(), SignalBodies.log("XXMARKXX"),
                SignalBodies.log("fine")).toByteArray(), "XXMARKXX", new byte[] {'a', (byte) 0xff, 'b', 'c', 'd', 'e',
                'f', 'g'}), "400", 0, "-");
        protoAt(logs, "log in 1970 is rejected alone", SignalBodies.logs(svc(),
                SignalBodies.log("old").setTimeUnixNano(1000), SignalBodies.log("fine")).toByteArray(), "200", 1, "-");
        protoAt(logs, "log body of 100 KiB is cut to the content limit", SignalBodies.logs(svc(),
                SignalBodies.log("b".repeat(100 * 1024)), SignalBodies.log("fine")).toByteArray(), "200", 2,
                "body~\u2026[truncated");
        protoAt(logs, "log body that is a map nested 10 levels is stored as JSON", SignalBodies.logs(svc(),
                SignalBodies.log("x").setBody(nested(10)), SignalBodies.log("fine")).toByteArray(), "200", 2, "-");
        protoAt(logs, "a traces payload on the logs path", spans(span("p"), neighbourSpan()).toByteArray(), "400", 0,
                "-");

        String metrics = "/v1/metrics";
        var good = SignalBodies.gauge("good.metric", SignalBodies.point(1));
        protoAt(metrics, "a valid metrics request", SignalBodies.metrics(svc(), good).toByteArray(), "200", 1, "-");
        byte[] metric = SignalBodies.metrics(svc(), SignalBodies.gauge("cut", SignalBodies.point(2)), good)
                .toByteArray();
        protoAt(metrics, "metrics body truncated in the middle", java.util.Arrays.copyOf(metric, metric.length / 2),
                "400", 0, "-");
        protoAt(metrics, "gauge NaN is stored", SignalBodies.metrics(svc(),
                SignalBodies.gauge("m.nan", SignalBodies.point(Double.NaN)), good).toByteArray(), "200", 2, "-");
        protoAt(metrics, "gauge negative infinity is stored", SignalBodies.metrics(svc(),
                SignalBodies.gauge("m.inf", SignalBodies.point(Double.NEGATIVE_INFINITY)), good).toByteArray(),
                "200", 2, "-");
        protoAt(metrics, "gauge point without a value is rejected alone", SignalBodies.metrics(svc(),
                SignalBodies.gauge("m.empty", SignalBodies.point(0).clearValue()), good).toByteArray(), "200", 1, "-");
        protoAt(metrics, "metric with an empty name is rejected alone", SignalBodies.metrics(svc(),
                SignalBodies.gauge("", SignalBodies.point(1)), good).toByteArray(), "200", 1, "-");
        protoAt(metrics, "metric name with NUL is stored as U+FFFD", SignalBodies.metrics(svc(),
                SignalBodies.gauge("m\u0000x", SignalBodies.point(1)), good).toByteArray(), "200", 2,
                "metric_name~\uFFFD");
        protoAt(metrics, "gauge point in 1970 is rejected alone", SignalBodies.metrics(svc(),
                SignalBodies.gauge("m.old", SignalBodies.point(1).setTimeUnixNano(5)), good).toByteArray(), "200", 1,
                "-");
        protoAt(metrics, "histogram with bucket counts not matching bounds is rejected alone", SignalBodies.metrics(
                svc(), SignalBodies.histogram("h", 3, 6, List.of(1L, 2L), List.of(1.0, 2.0, 3.0)), good).toByteArray(),
                "200", 1, "-");
        protoAt(metrics, "histogram with NaN sum is stored", SignalBodies.metrics(svc(),
                SignalBodies.histogram("h", 3, Double.NaN, List.of(3L), List.of()), good).toByteArray(), "200", 2, "-");
        protoAt(metrics, "metric without data is rejected alone", SignalBodies.metrics(svc(),
                io.opentelemetry.proto.metrics.v1.Metric.newBuilder().setName("nodata"), good).toByteArray(),
                "200", 1, "-");
        protoAt(metrics, "a logs payload on the metrics path", SignalBodies.logs(svc(), SignalBodies.log("x"))
                .toByteArray(), "400", 0, "-");
    }

    // ---- output -----------------------------------------------------------------------------------------

    private void write() throws IOException {
        StringBuilder tsv = new StringBuilder("# Hostile OTLP bodies and the answer each must get. Generated by "
                + "HostileCorpus; see HostileInputTest.\n"
                + "# expect: an HTTP status, 4xx, or a|b for either. stored: items the case's service name must\n"
                + "# have afterwards (-1: not checked). check: column~text that some stored row must contain, or -.\n"
                + "# Placeholders replaced before sending: \"$START\" \"$END\" \"$BEFORE\" (JSON), T0START! T0END!!!"
                + " T0BEFORE (protobuf fixed64).\n"
                + "# Each case stores under its own service name, hostile-NNN (NNN: the file's number).\n"
                + "file\tpath\tcontent_type\tencoding\texpect\tstored\tcheck\tcase\n");
        rows.forEach(r -> tsv.append(r).append('\n'));
        Files.writeString(root.resolve("cases.tsv"), tsv.toString());
    }

    private String svc() {
        return String.format("hostile-%03d", next);
    }

    private String caseTrace() {
        return String.format("%032x", 0x4000_0000L + next);
    }

    private void raw(String name, String body, String expect, int stored) throws IOException {
        json(name, body, expect, stored, "-");
    }

    private void json(String name, String body, String expect, int stored, String check) throws IOException {
        jsonAt("/v1/traces", name, body, expect, stored, check);
    }

    private void jsonAt(String path, String name, String body, String expect, int stored, String check)
            throws IOException {
        bytesAt(path, name, "json", body.replace("%SVC%", svc()).replace("%TRACE%", caseTrace())
                .getBytes(StandardCharsets.UTF_8), expect, stored, check);
    }

    private void bytes(String name, String ext, byte[] body, String expect, int stored, String check) throws IOException {
        bytesAt("/v1/traces", name, ext, body, expect, stored, check);
    }

    private void bytesAt(String path, String name, String ext, byte[] body, String expect, int stored, String check)
            throws IOException {
        String file = file(slug(name), ext, body);
        row("otlp-json/" + file, path, "application/json", "-", expect, Integer.toString(stored), check, name);
    }

    private void proto(String name, byte[] body, String expect, int stored, String check) throws IOException {
        protoAt("/v1/traces", name, body, expect, stored, check);
    }

    private void protoAt(String path, String name, byte[] body, String expect, int stored, String check)
            throws IOException {
        String file = file(slug(name), "bin", body);
        row("otlp-protobuf/" + file, path, "application/x-protobuf", "-", expect, Integer.toString(stored), check,
                name);
    }

    private String file(String slug, String ext, String body) throws IOException {
        return file(slug, ext, body.replace("%SVC%", svc()).replace("%TRACE%", caseTrace())
                .getBytes(StandardCharsets.UTF_8));
    }

    private String file(String slug, String ext, byte[] body) throws IOException {
        String dir = ext.startsWith("bin") ? "otlp-protobuf" : "otlp-json";
        String name = String.format("%03d-%s.%s", next, slug, ext);
        Files.createDirectories(root.resolve(dir));
        Files.write(root.resolve(dir).resolve(name), body);
        return name;
    }

    private void row(String file, String path, String contentType, String encoding, String expect, String stored,
            String check, String name) {
        if (check.equals("-") && (name.endsWith("rejected alone") || name.endsWith("rejects the span alone"))) {
            check = survivor(path, contentType);
        }
        rows.add(String.join("\t", file, path, contentType, encoding, expect, stored, check,
                name.replace('\t', ' ')));
        next++;
    }

    /** What the valid item next to one rejected alone holds: the check that it, not the other, was stored. */
    private static String survivor(String path, String contentType) {
        boolean protobuf = contentType.equals("application/x-protobuf");
        return switch (path) {
            case "/v1/logs" -> protobuf ? "body~fine" : "body~neighbour";
            case "/v1/metrics" -> protobuf ? "metric_name~good.metric" : "metric_name~neighbour";
            default -> "name~neighbour";
        };
    }

    private static String slug(String name) {
        String s = name.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return s.length() > 60 ? s.substring(0, 60) : s;
    }

    // ---- JSON building blocks ---------------------------------------------------------------------------

    private static String traces(String service, String spans) {
        return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\""
                + service + "\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"hostile\"},\"spans\":[" + spans + "]}]}]}";
    }

    private static String span(String name, String attributes) {
        return "{\"traceId\":\"%TRACE%\",\"spanId\":\"1111111111111111\",\"parentSpanId\":\"\",\"name\":\"" + name
                + "\",\"kind\":3,\"startTimeUnixNano\":\"$START\",\"endTimeUnixNano\":\"$END\",\"attributes\":["
                + attributes + "],\"status\":{}}";
    }

    private static String neighbour() {
        return "{\"traceId\":\"%TRACE%\",\"spanId\":\"2222222222222222\",\"name\":\"neighbour\",\"kind\":1,"
                + "\"startTimeUnixNano\":\"$START\",\"endTimeUnixNano\":\"$END\",\"attributes\":[{\"key\":"
                + "\"gen_ai.request.model\",\"value\":{\"stringValue\":\"gpt-4o\"}}]}";
    }

    private static String idField(String field) {
        return switch (field) {
            case "traceId" -> "\"traceId\":\"%TRACE%\"";
            case "spanId" -> "\"spanId\":\"1111111111111111\"";
            default -> "\"parentSpanId\":\"\"";
        };
    }

    private static String attr(String key, String value) {
        return "{\"key\":\"" + key + "\",\"value\":" + value + "}";
    }

    private static String withText(String where, String text) {
        String value = "{\"stringValue\":\"" + text + "\"}";
        return switch (where) {
            case "name" -> span(text, "");
            case "value" -> span("hostile", attr("v", value));
            case "key" -> span("hostile", attr(text, "{\"intValue\":1}"));
            case "status" -> span("hostile", "").replace("\"status\":{}", "\"status\":{\"code\":2,\"message\":\""
                    + text + "\"}");
            case "model" -> span("hostile", attr("gen_ai.request.model", value));
            case "content" -> span("hostile", attr("gen_ai.prompt.0.content", value));
            case "event" -> span("hostile", "").replace("\"status\":{}", "\"status\":{},\"events\":[{\"name\":\""
                    + text + "\",\"timeUnixNano\":\"$START\",\"attributes\":[" + attr("e", value) + "]}]");
            default -> span("hostile", "");
        };
    }

    private static String nestedKv(int depth) {
        return "{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":".repeat(depth) + "{\"intValue\":1}"
                + "}]}}".repeat(depth);
    }

    private static String nestedArray(int depth) {
        return "{\"arrayValue\":{\"values\":[".repeat(depth) + "{\"boolValue\":true}" + "]}}".repeat(depth);
    }

    private static String manyAttributes(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append(attr("a" + i, "{\"intValue\":\"" + i + "\"}"));
        }
        return sb.toString();
    }

    private static String controls() {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < 0x20; c++) {
            sb.append(String.format("\\u%04x", c));
        }
        return sb.append("\\u007f\\u0085\\u2028\\u2029\\ufeff\\uffff").toString();
    }

    private static String logs(String records) {
        return "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":"
                + "\"%SVC%\"}}]},\"scopeLogs\":[{\"logRecords\":[" + records + "]}]}]}";
    }

    private static String logRecord(String fields) {
        return "{\"timeUnixNano\":\"$START\"," + fields + "}";
    }

    private static String goodLog() {
        return logRecord("\"severityNumber\":9,\"body\":{\"stringValue\":\"neighbour\"}");
    }

    private static String metrics(String metrics) {
        return "{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                + "{\"stringValue\":\"%SVC%\"}}]},\"scopeMetrics\":[{\"metrics\":[" + metrics + "]}]}]}";
    }

    private static String gauge(String name, String point) {
        return "{\"name\":\"" + name + "\",\"gauge\":{\"dataPoints\":[" + point + "]}}";
    }

    private static String goodMetric() {
        return gauge("neighbour", "{\"timeUnixNano\":\"$START\",\"asDouble\":1.5}");
    }

    private static byte[] withInvalidUtf8(String body) {
        return replace(body.getBytes(StandardCharsets.UTF_8), "XXBADXX",
                new byte[] {'a', (byte) 0xff, (byte) 0xfe, 'b', 'c', 'd', 'e'});
    }

    // ---- protobuf building blocks -----------------------------------------------------------------------

    private Span.Builder span(String name, KeyValue... attributes) {
        return Span.newBuilder()
                .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(caseTrace())))
                .setSpanId(Otlp.id("1111111111111111")).setName(name).setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .setStartTimeUnixNano(sentinel(START)).setEndTimeUnixNano(sentinel(END))
                .addAllAttributes(List.of(attributes));
    }

    private Span.Builder neighbourSpan() {
        return span("neighbour", kv("gen_ai.request.model", "gpt-4o")).setSpanId(Otlp.id("2222222222222222"));
    }

    private ExportTraceServiceRequest spans(Span.Builder... spans) {
        return spans(Resource.newBuilder().addAttributes(kv("service.name", svc())).build(), spans);
    }

    private static ExportTraceServiceRequest spans(Resource resource, Span.Builder... spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("hostile"));
        for (Span.Builder span : spans) {
            scope.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope)).build();
    }

    private byte[] traceBody(String name) {
        return spans(span(name, kv("gen_ai.request.model", "gpt-4o"), kv("gen_ai.usage.input_tokens", 12L)),
                neighbourSpan()).toByteArray();
    }

    private ExportTraceServiceRequest withMarker(String where) {
        String m = "XXMARKXX";
        return switch (where) {
            case "span name" -> spans(span(m), neighbourSpan());
            case "attribute value" -> spans(span("p", kv("v", m)), neighbourSpan());
            case "attribute key" -> spans(span("p", kv(m, 1L)), neighbourSpan());
            case "resource attribute" -> spans(Resource.newBuilder().addAttributes(kv("service.name", svc()))
                    .addAttributes(kv("r", m)).build(), span("p"), neighbourSpan());
            default -> spans(span("p").addEvents(Span.Event.newBuilder().setName(m)), neighbourSpan());
        };
    }

    private Span.Builder withMarkerSpan() {
        String m = "XXMARKXX";
        return span(m, kv(m, m)).addEvents(Span.Event.newBuilder().setName(m));
    }

    private static AnyValue nested(int depth) {
        AnyValue value = Otlp.integer(1);
        for (int i = 0; i < depth; i++) {
            value = Otlp.kvlist(kv("k", value));
        }
        return value;
    }

    private ExportLogsServiceRequest logsBody() {
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", svc())))
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder()
                        .setTimeUnixNano(sentinel(START)).setSeverityNumberValue(9)
                        .setBody(Otlp.string("a log sent to the traces path"))))).build();
    }

    /** The request with a field number no OTLP message uses added to the request, resource and span. */
    private static byte[] withUnknownField(ExportTraceServiceRequest request) {
        com.google.protobuf.UnknownFieldSet extra = com.google.protobuf.UnknownFieldSet.newBuilder()
                .addField(1999, com.google.protobuf.UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(ByteString.copyFromUtf8("future")).addVarint(7).build())
                .build();
        ExportTraceServiceRequest.Builder b = request.toBuilder().setUnknownFields(extra);
        b.getResourceSpansBuilder(0).setUnknownFields(extra).getScopeSpansBuilder(0).getSpansBuilder(0)
                .setUnknownFields(extra);
        return b.build().toByteArray();
    }

    private static com.google.protobuf.UnknownFieldSet unknown(int field, long varint) {
        return com.google.protobuf.UnknownFieldSet.newBuilder().addField(field,
                com.google.protobuf.UnknownFieldSet.Field.newBuilder().addVarint(varint).build()).build();
    }

    // ---- bytes ------------------------------------------------------------------------------------------

    static byte[] replace(byte[] body, String marker, byte[] with) {
        byte[] m = marker.getBytes(StandardCharsets.US_ASCII);
        if (with.length != m.length) {
            throw new IllegalArgumentException("replacement must keep the length");
        }
        byte[] out = body.clone();
        boolean found = false;
        for (int i = 0; i + m.length <= out.length; i++) {
            if (java.util.Arrays.equals(out, i, i + m.length, m, 0, m.length)) {
                System.arraycopy(with, 0, out, i, with.length);
                found = true;
            }
        }
        if (!found) {
            throw new IllegalArgumentException("marker " + marker + " not found");
        }
        return out;
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    private static String describe(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            if (x < 0x20 || x > 0x7e) {
                sb.append(sb.isEmpty() ? "" : " ").append(String.format("%02x", x & 0xff));
            }
        }
        return "bytes " + sb;
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }
}
