package org.llmobservatory.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.llmobservatory.server.config.ServerConfig;
import org.llmobservatory.server.service.ObservatoryService;
import org.llmobservatory.server.support.Otlp;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;

/**
 * Sends every case of the hostile corpus ({@code src/test/resources/hostile}, written by
 * {@link HostileCorpus}) to a running service over HTTP. Each must get the answer recorded next to it:
 * a 4xx whose message says what is wrong and that stored nothing, or a 200 that stored what the
 * documented rules say (docs/OTLP_MAPPING.md), never a 5xx. After each case a valid neighbour request
 * must be stored intact. Query strings must get their status, and a filter holding SQL must be matched
 * literally: no rows it does not name, and no injected {@code pg_sleep} run.
 *
 * <p>Stored rows are not checked for NUL or broken characters: PostgreSQL cannot hold either (a row with
 * one fails its batch, which the neighbour checks would see). What the mapper makes of them is checked by
 * the cases that expect U+FFFD here and by {@code SpanMapperProperties} for any text.
 */
class HostileInputTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, AtomicInteger> OUTCOMES = new ConcurrentHashMap<>();
    private static final AtomicInteger NEIGHBOURS = new AtomicInteger();
    private static final AtomicLong NANOS = new AtomicLong();
    private static TestDatabase db;
    private static Connection connection;
    private static ObservatoryService service;

    /** One line of {@code cases.tsv}. */
    record OtlpCase(String file, String path, String contentType, String encoding, String expect, int stored,
            String check, String name) {
        @Override
        public String toString() {
            return file + " (" + name + ")";
        }
    }

    /** One line of {@code query/cases.tsv}. */
    record QueryCase(String pathAndQuery, String expect, String answer, String name) {
        @Override
        public String toString() {
            return pathAndQuery.length() > 120 ? pathAndQuery.substring(0, 120) + "…" : pathAndQuery;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        db = TestServers.freshDatabase();
        connection = db.connect();
        // Ingest answers once items are committed: a short flush interval keeps ~350 round trips quick.
        service = ObservatoryService.start(new ServerConfig("127.0.0.1", 0, 0, 0, 0), db.config()
                .withWriter(db.config().writer().withFlushInterval(Duration.ofMillis(2))));
        Instant now = Instant.now();
        ExportTraceServiceRequest seed = Otlp.traces(Otlp.resource(Otlp.kv("service.name", "query-seed")),
                Otlp.span(now.minusSeconds(60)).setName("query-seed-span"));
        assertThat(post("/v1/traces", seed.toByteArray()).statusCode()).isEqualTo(200);
        assertThat(post("/v1/metrics", metrics("query-seed", now).toByteArray()).statusCode()).isEqualTo(200);
        // Gauges of NaN and infinity are stored (double precision holds them); the query API must still answer.
        for (double odd : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            ExportMetricsServiceRequest.Builder gauge = metrics("query-seed", now).toBuilder();
            gauge.getResourceMetricsBuilder(0).getScopeMetricsBuilder(0).getMetricsBuilder(0).setName("seed.odd")
                    .getGaugeBuilder().getDataPointsBuilder(0).setAsDouble(odd);
            assertThat(post("/v1/metrics", gauge.build().toByteArray()).statusCode()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            service.stop();
            connection.close();
        } finally {
            printSummary();
        }
    }

    static Stream<OtlpCase> otlpCases() {
        return lines("hostile/cases.tsv").map(l -> l.split("\t", -1)).map(f -> new OtlpCase(f[0], f[1], f[2], f[3],
                f[4], Integer.parseInt(f[5]), f[6], f[7]));
    }

    static Stream<QueryCase> queryCases() {
        return lines("hostile/query/cases.tsv").map(l -> l.split("\t", -1))
                .map(f -> new QueryCase(f[0], f[1], f[2], f[3]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otlpCases")
    void hostile_otlp_bodies_get_a_clear_4xx_or_are_stored_by_the_documented_rule(OtlpCase c) throws Exception {
        long started = System.nanoTime();
        byte[] body = withTimes(resource("hostile/" + c.file()), c.contentType().endsWith("json")
                && !c.file().endsWith(".gz"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(otlpUrl() + c.path()))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", c.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!c.encoding().equals("-")) {
            request.header("Content-Encoding", c.encoding());
        }
        String table = table(c.path());
        long rowsBefore = count("SELECT count(*) FROM " + table);
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        String message = message(response, c.contentType());

        if (status >= 500) {
            tally("server error");
        }
        assertThat(status).as("never a server error; message: %s", message).isLessThan(500);
        assertThat(matches(c.expect(), status)).as("status %d for expected %s; message: %s", status, c.expect(),
                message).isTrue();
        if (status >= 400) {
            assertThat(message).as("a refusal says what is wrong").isNotBlank().hasSizeGreaterThan(15);
            assertThat(count("SELECT count(*) FROM " + table)).as("rows in %s after a refusal", table)
                    .isEqualTo(rowsBefore);
            tally(status == 415 ? "rejected 415" : status == 413 ? "rejected 413" : "rejected 4xx");
        } else {
            tally(message.isEmpty() ? "stored" : "stored, some items rejected");
            if (!message.isEmpty()) {
                assertThat(message).as("a partial success names its reasons").hasSizeGreaterThan(15);
            }
        }
        // Each case's service name is hostile-NNN; one case sends "hostile-NNN<NUL>x", stored with U+FFFD.
        String svc = serviceName(c.file());
        if (c.stored() >= 0) {
            assertThat(count("SELECT count(*) FROM " + table + " WHERE starts_with(service_name, ?)", svc))
                    .as("items stored for %s", svc).isEqualTo(c.stored());
        }
        if (!c.check().equals("-")) {
            String[] check = c.check().split("~", 2);
            assertThat(count("SELECT count(*) FROM " + table + " WHERE starts_with(service_name, ?) AND strpos("
                    + check[0] + "::text, ?) > 0", svc, check[1])).as("a stored row's %s contains %s", check[0],
                    check[1]).isPositive();
        }
        neighbourIsStoredIntact(c.path());
        NANOS.addAndGet(System.nanoTime() - started);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queryCases")
    void hostile_query_strings_get_a_clear_4xx_or_an_answer(QueryCase c) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(apiUrl() + c.pathAndQuery()))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        int status = response.statusCode();
        if (status >= 500) {
            tally("query server error");
        }
        assertThat(status).as("never a server error: %s", response.body()).isLessThan(500);
        assertThat(matches(c.expect(), status)).as("status %d for expected %s: %s", status, c.expect(),
                response.body()).isTrue();
        if (status >= 400) {
            String type = response.headers().firstValue("Content-Type").orElse("");
            // Jetty refuses a few malformed URIs (%00 in a path, invalid UTF-8) before any route runs, with its
            // own short page; every refusal from the API itself is an RFC 9457 problem with a detail.
            String detail = type.startsWith("application/problem+json")
                    ? JSON.readTree(response.body()).path("detail").asText() : response.body();
            assertThat(detail).as("the refusal says what is wrong").hasSizeGreaterThan(10);
            tally("query rejected 4xx");
        } else {
            JsonNode answer = JSON.readTree(response.body());
            tally("query answered 200");
            if (!c.answer().equals("-")) {
                // Taken as SQL, "' OR '1'='1" would match every row and a pg_sleep would hold the answer back.
                assertThat(took).as("answered before an injected pg_sleep(%d) could end",
                        QueryCorpus.SLEEP_SECONDS).isLessThan(Duration.ofSeconds(QueryCorpus.SLEEP_SECONDS));
                assertAnswer(c.answer(), answer);
            }
        }
        // The seeded span is still there and still found: no injection changed or hid data.
        HttpResponse<String> neighbour = HTTP.send(HttpRequest.newBuilder(URI.create(apiUrl()
                + "/api/v1/spans?service=query-seed&from=" + Instant.now().minus(Duration.ofDays(1)))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(neighbour.statusCode()).isEqualTo(200);
        assertThat(neighbour.body()).contains("query-seed-span");
        NEIGHBOURS.incrementAndGet();
        NANOS.addAndGet(System.nanoTime() - started);
    }

    // ---- neighbours -------------------------------------------------------------------------------------

    private static void neighbourIsStoredIntact(String path) throws Exception {
        int n = NEIGHBOURS.incrementAndGet();
        String svc = "neighbour-" + n;
        Instant now = Instant.now();
        byte[] body = switch (path) {
            case "/v1/logs" -> logs(svc, now).toByteArray();
            case "/v1/metrics" -> metrics(svc, now).toByteArray();
            default -> Otlp.traces(Otlp.resource(Otlp.kv("service.name", svc)),
                    Otlp.span(now, Otlp.kv("gen_ai.request.model", "gpt-4o"), Otlp.kv("gen_ai.usage.input_tokens", 7L))
                            .setTraceId(Otlp.id(String.format("%032x", 0x7000_0000L + n)))
                            .setName("neighbour ✓")).toByteArray();
        };
        HttpResponse<byte[]> response = post(path, body);
        assertThat(response.statusCode()).as("the neighbour request is accepted").isEqualTo(200);
        switch (path) {
            case "/v1/logs" -> assertThat(count("SELECT count(*) FROM logs WHERE service_name = ? AND body = ?",
                    svc, "neighbour ✓")).isEqualTo(1);
            case "/v1/metrics" -> assertThat(count("SELECT count(*) FROM metric_points WHERE service_name = ?"
                    + " AND value = 1.5", svc)).isEqualTo(1);
            default -> assertThat(count("SELECT count(*) FROM spans WHERE service_name = ? AND name = ?"
                    + " AND model = 'gpt-4o' AND input_tokens = 7", svc, "neighbour ✓")).isEqualTo(1);
        }
    }

    private static ExportLogsServiceRequest logs(String svc, Instant now) {
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(Otlp.kv("service.name", svc)))
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder()
                        .setTimeUnixNano(Otlp.nanos(now)).setSeverityNumberValue(9)
                        .setBody(Otlp.string("neighbour ✓"))))).build();
    }

    private static ExportMetricsServiceRequest metrics(String svc, Instant now) {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(Otlp.kv("service.name", svc)))
                .addScopeMetrics(ScopeMetrics.newBuilder().setScope(InstrumentationScope.newBuilder().setName("h"))
                        .addMetrics(Metric.newBuilder().setName("neighbour").setGauge(Gauge.newBuilder()
                                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(Otlp.nanos(now))
                                        .setAsDouble(1.5)))))).build();
    }

    // ---- query answers ----------------------------------------------------------------------------------

    /**
     * {@code none}: every list in the answer is empty (items, rows or series). {@code seed}: the one
     * series is the seeded point of 1.5, in a group with no value for the key.
     */
    private static void assertAnswer(String expected, JsonNode answer) {
        List<JsonNode> lists = new ArrayList<>();
        answer.properties().forEach(field -> {
            if (field.getValue().isArray()) {
                lists.add(field.getValue());
            }
        });
        assertThat(lists).as("the lists of %s", answer).isNotEmpty();
        if (expected.equals("none")) {
            assertThat(lists).as("nothing matches: %s", answer).allMatch(JsonNode::isEmpty);
            return;
        }
        JsonNode series = answer.path("series");
        assertThat(series.size()).as("one series: %s", answer).isEqualTo(1);
        List<Double> values = new ArrayList<>();
        series.get(0).path("points").forEach(p -> values.add(p.path("value").asDouble()));
        assertThat(values).as("the seed's point: %s", answer).containsExactly(1.5);
        series.get(0).path("labels").forEach(label -> assertThat(label.isNull() || label.asText().isEmpty())
                .as("no group value: %s", answer).isTrue());
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    static byte[] withTimes(byte[] body, boolean json) {
        long start = Otlp.nanos(Instant.now().minusSeconds(30));
        long end = start + 1_500_000_000L;
        long before = start - 60_000_000_000L;
        if (json) {
            String text = new String(body, StandardCharsets.ISO_8859_1);
            if (!text.contains("$START") && !text.contains("$END") && !text.contains("$BEFORE")) {
                return body;
            }
            return text.replace("$START", Long.toString(start)).replace("$END", Long.toString(end))
                    .replace("$BEFORE", Long.toString(before)).getBytes(StandardCharsets.ISO_8859_1);
        }
        byte[] out = body.clone();
        replaceSentinel(out, HostileCorpus.START, start);
        replaceSentinel(out, HostileCorpus.END, end);
        replaceSentinel(out, HostileCorpus.BEFORE, before);
        return out;
    }

    private static void replaceSentinel(byte[] body, String sentinel, long value) {
        byte[] marker = sentinel.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + 8 <= body.length; i++) {
            if (java.util.Arrays.equals(body, i, i + 8, marker, 0, 8)) {
                for (int b = 0; b < 8; b++) {
                    body[i + b] = (byte) (value >>> (8 * b));
                }
            }
        }
    }

    private static String message(HttpResponse<byte[]> response, String contentType) throws IOException {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("application/json")) {
            JsonNode node = JSON.readTree(response.body());
            if (node.has("partialSuccess")) {
                return node.path("partialSuccess").path("errorMessage").asText("");
            }
            return node.path("message").asText("");
        }
        if (response.statusCode() >= 400) {
            return com.google.rpc.Status.parseFrom(response.body()).getMessage();
        }
        return partialMessage(response.body());
    }

    // The three export responses share the shape {partialSuccess {rejected = 1; errorMessage = 2}}.
    private static String partialMessage(byte[] body) throws IOException {
        return io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse.parseFrom(body)
                .getPartialSuccess().getErrorMessage();
    }

    static boolean matches(String expect, int status) {
        for (String option : expect.split("\\|")) {
            if (option.equals("4xx") ? status >= 400 && status < 500 : option.equals(Integer.toString(status))) {
                return true;
            }
        }
        return false;
    }

    static String table(String path) {
        return switch (path) {
            case "/v1/logs" -> "logs";
            case "/v1/metrics" -> "metric_points";
            default -> "spans";
        };
    }

    static String serviceName(String file) {
        String name = file.substring(file.indexOf('/') + 1);
        return "hostile-" + name.substring(0, 3);
    }

    private static long count(String sql, Object... params) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void tally(String outcome) {
        OUTCOMES.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
    }

    private static void printSummary() {
        int otlp = OUTCOMES.entrySet().stream().filter(e -> !e.getKey().startsWith("query"))
                .mapToInt(e -> e.getValue().get()).sum();
        int queries = OUTCOMES.entrySet().stream().filter(e -> e.getKey().startsWith("query"))
                .mapToInt(e -> e.getValue().get()).sum();
        int rejected = get("rejected 4xx") + get("rejected 413") + get("rejected 415");
        int serverErrors = get("server error") + get("query server error");
        String line = String.format("corpus: %d cases: %d OTLP (%d rejected 4xx, %d stored by rule of which %d with"
                        + " items rejected alone), %d query (%d rejected 4xx, %d answered 200), %d server errors,"
                        + " %d neighbours stored or found intact, %.1f s",
                otlp + queries, otlp, rejected, get("stored") + get("stored, some items rejected"),
                get("stored, some items rejected"), queries, get("query rejected 4xx"), get("query answered 200"),
                serverErrors, NEIGHBOURS.get(), NANOS.get() / 1e9);
        System.out.println(line);
        System.err.println(line);
        try {
            // Surefire sends test output to a file; this one is easier to find and quote.
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "hostile-summary.txt"), line + "\n");
        } catch (IOException e) {
            System.err.println("could not write target/hostile-summary.txt: " + e.getMessage());
        }
    }

    private static int get(String outcome) {
        AtomicInteger n = OUTCOMES.get(outcome);
        return n == null ? 0 : n.get();
    }

    private static HttpResponse<byte[]> post(String path, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(otlpUrl() + path))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String otlpUrl() {
        return "http://127.0.0.1:" + service.ports().otlpHttp();
    }

    private static String apiUrl() {
        return "http://127.0.0.1:" + service.ports().api();
    }

    static byte[] resource(String name) {
        try (InputStream in = HostileInputTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<String> lines(String name) {
        List<String> lines = new ArrayList<>();
        for (String line : new String(resource(name), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#") && !line.startsWith("file\t")
                    && !line.startsWith("path_and_query\t")) {
                lines.add(line);
            }
        }
        return lines.stream();
    }
}
