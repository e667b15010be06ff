package org.llmobservatory.server.hostile;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;
import org.llmobservatory.storage.auth.Principal;
import org.llmobservatory.storage.repository.LogQuery;
import org.llmobservatory.storage.repository.SpanQuery;
import org.llmobservatory.storage.repository.TimeRange;
import org.llmobservatory.storage.repository.TraceQuery;

/**
 * Writes {@code query/cases.tsv}: hostile query strings for every route of the query API, each with
 * the status it must get. Part of {@link HostileCorpus}.
 */
final class QueryCorpus {

    static final String[] INJECTIONS = {
        "' OR '1'='1",
        "'; DROP TABLE spans; --",
        "\" OR \"\"=\"",
        "1; SELECT pg_sleep(10)--",
        "') UNION SELECT key_hash, project_id FROM api_keys--",
        "%' OR 1=1 --",
        "$$; DELETE FROM logs; $$",
        "x' AND (SELECT count(*) FROM pg_catalog.pg_tables) > 0 --",
        "\\'; TRUNCATE spans CASCADE; --",
        "a\u0000b",
        "' || (SELECT '' FROM pg_sleep(10)) || '",
    };

    /** Longer than any query of the corpus takes, shorter than an injected {@code pg_sleep(10)}. */
    static final int SLEEP_SECONDS = 10;

    /** Route and its free-text filters, which must treat any text as a literal. */
    private static final String[][] TEXT_FILTERS = {
        {"/api/v1/traces", "service", "provider", "model", "operation", "user", "session"},
        {"/api/v1/spans", "service", "provider", "model", "operation", "user", "session", "name"},
        {"/api/v1/logs", "service", "traceId", "text"},
        {"/api/v1/usage", "provider", "model", "service"},
        {"/api/v1/metrics/series?name=neighbour", "service"},
    };

    private final Path dir;
    private final List<String> rows = new ArrayList<>();

    QueryCorpus(Path dir) {
        this.dir = dir;
    }

    void write() throws IOException {
        for (String injection : INJECTIONS) {
            for (String[] route : TEXT_FILTERS) {
                for (int i = 1; i < route.length; i++) {
                    add(route[0], route[i], injection, ok(injection), answer(injection, "none"),
                            "SQL injection in " + route[i]);
                }
            }
            // Grouped by a key no point has: the seed's one point, in one group.
            add("/api/v1/metrics/series?name=neighbour&service=query-seed", "groupBy", injection, ok(injection),
                    answer(injection, "seed"), "SQL injection in groupBy");
            add("/api/v1/metrics/series", "name", injection, ok(injection), answer(injection, "none"),
                    "SQL injection in the metric name");
            add("/api/v1/traces", "cursor", injection, "400", "SQL injection as a cursor");
            // A span's trace id is hex (the spans table stores its bytes): anything else is refused by name.
            add("/api/v1/spans", "traceId", injection, "400", "SQL injection as a span search's trace id");
            add("/api/v1/usage", "groupBy", injection, "400", "SQL injection as usage groupBy");
            rows.add(String.join("\t", "/api/v1/traces/" + encode(injection), "400|404", "-",
                    "SQL injection as a trace id in the path"));
        }
        String[] routes = {"/api/v1/traces", "/api/v1/spans", "/api/v1/logs", "/api/v1/usage",
            "/api/v1/metrics/series?name=neighbour"};
        for (String route : routes) {
            add(route, "from", "2030-01-01T00:00:00Z", "400", "inverted range (from after the default to)");
            add(with(route, "from=2026-01-02T00:00:00Z"), "to", "2026-01-01T00:00:00Z", "400", "inverted range");
            add(with(route, "from=2026-01-01T00:00:00Z"), "to", "2026-01-01T00:00:00Z", "400", "empty range");
            add(route, "to", "-1000000000-01-01T00:00:00Z", "400", "to at the earliest instant Java has");
            add(route, "from", "-5000-01-01T00:00:00Z", "400", "from before PostgreSQL's earliest timestamp");
            add(with(route, "from=2026-01-01T00:00:00Z"), "to", "+300000-01-01T00:00:00Z", "400",
                    "to after PostgreSQL's latest timestamp");
            add(route, "to", "0000-01-01T00:00:00Z", "200", "to in year 0, from one hour earlier");
            add(with(route, "from=0001-01-01T00:00:00Z"), "to", "9999-12-31T23:59:59Z", "200",
                    "from year 1 to year 9999");
            add(route, "from", "yesterday", "400", "from is not a time");
            add(route, "from", "2026-02-30T00:00:00Z", "400", "from is not a date");
            add(route, "from", "1700000000", "400", "from as epoch seconds");
            add(route, "bogus", "1", "400", "an unknown parameter");
            add(route, "FROM", "2026-01-01T00:00:00Z", "400", "a parameter in the wrong case");
        }
        for (String route : new String[] {"/api/v1/traces", "/api/v1/spans", "/api/v1/logs"}) {
            for (String limit : new String[] {"0", "-1", "-2147483648", "2147483648", "1001", "1000000",
                "99999999999999999999", "1e3", "ten", "0x10", "1.5"}) {
                add(route, "limit", limit, "400", "limit " + limit);
            }
            add(route, "limit", "1000", "200", "the largest limit");
            add(route, "limit", " 7 ", "200", "a limit with spaces");
            rows.add(String.join("\t", route + "?limit=5&limit=6", "400", "-", "limit given twice"));
            for (String cursor : forgedCursors()) {
                add(route, "cursor", cursor, "400", "a forged or garbled cursor");
            }
            int listing = route.endsWith("traces") ? 0 : route.endsWith("spans") ? 1 : 2;
            for (String[] cursor : checksummedCursors(listing)) {
                add(route, "cursor", cursor[0], cursor[1], "a cursor with a valid checksum around " + cursor[2]);
            }
        }
        for (String route : new String[] {"/api/v1/traces", "/api/v1/spans"}) {
            for (String[] p : new String[][] {{"minDurationMs", "NaN"}, {"minDurationMs", "Infinity"},
                {"minDurationMs", "-1"}, {"minDurationMs", "1e309"}, {"minCostUsd", "NaN"},
                {"minCostUsd", "-0.01"}, {"minCostUsd", "1e999999999"}, {"minCostUsd", "1e-999999999"},
                {"status", "maybe"}, {"status", "' OR 1=1"}}) {
                add(route, p[0], p[1], p[1].equals("1e-999999999") ? "200" : "400", p[0] + " " + p[1]);
            }
        }
        for (String severity : new String[] {"25", "-1", "99999999999", "ERROR5", "ERROR0", "NaN", "1.5",
            "INFO INFO", "' OR 1=1 --"}) {
            add("/api/v1/logs", "minSeverity", severity, "400", "invalid severity " + severity);
        }
        for (String severity : new String[] {"0", "24", "info", "WARNING", "fatal4", " error "}) {
            add("/api/v1/logs", "minSeverity", severity, "200", "valid severity " + severity);
        }
        for (String route : new String[] {"/api/v1/usage", "/api/v1/metrics/series?name=neighbour"}) {
            for (String step : new String[] {"PT0.000000001S", "1ms", "0s", "PT-1S", "-1s", "PT0S", "1y",
                "999999999999s", "P-1D", "1 s", "999999999d"}) {
                add(route, "step", step, "400", "step " + step);
            }
            add(route, "step", "P36500D", "200", "a step of 100 years");
            add(route, "step", "60s", "200", "a sane step");
            add(route, "step", "PT1S", "200", "the smallest step");
        }
        add("/api/v1/metrics/series?name=neighbour", "aggregation", "median", "400", "unknown aggregation");
        add("/api/v1/metrics/series?name=neighbour", "groupBy", "k".repeat(300), "400", "groupBy key too long");
        add("/api/v1/usage", "groupBy", "nonsense", "400", "unknown usage dimension");
        rows.add(String.join("\t", "/api/v1/metrics/series", "400", "-", "metric name missing"));
        rows.add(String.join("\t", "/api/v1/traces/zzzz", "400|404", "-", "a trace id that is not hex"));
        rows.add(String.join("\t", "/api/v1/traces/" + "0".repeat(32), "400|404", "-", "an all-zero trace id"));
        rows.add(String.join("\t", "/api/v1/traces/" + "a".repeat(33), "400|404", "-",
                "a trace id of 33 characters"));
        rows.add(String.join("\t", "/api/v1/spans?%FF=1", "400", "-", "a parameter name that is invalid UTF-8"));
        rows.add(String.join("\t", "/api/v1/spans?service=%FF%FE", "200|400", "-", "a value that is invalid UTF-8"));
        rows.add(String.join("\t", "/api/v1/spans?service=%ED%A0%80", "200|400", "-", "an encoded lone surrogate"));
        rows.add(String.join("\t", "/api/v1/spans?=x", "400", "-", "a parameter without a name"));
        rows.add(String.join("\t", "/api/v1/spans?service=" + "s".repeat(6000), "200|400|414|431", "-",
                "a 6000-character filter"));
        rows.add(String.join("\t", "/api/v1/spans?&&&", "400", "-", "empty parameter names"));
        rows.add(String.join("\t", "/api/v1/nowhere?x=1", "404", "-", "an unknown route"));
        for (String aggregation : new String[] {"avg", "sum", "min", "max", "last", "count"}) {
            rows.add(String.join("\t", "/api/v1/metrics/series?name=seed.odd&aggregation=" + aggregation, "200",
                    "-", "a series over gauges of NaN and infinities, " + aggregation));
        }

        StringBuilder tsv = new StringBuilder("# Hostile query strings and the status each must get (a|b: either).\n"
                + "# Generated by HostileCorpus; see HostileInputTest. Paths are sent as written (already URL-encoded).\n"
                + "# answer: what a 200 must hold, within " + SLEEP_SECONDS + " s: none (no item, row or series), seed"
                + " (the seeded metric point alone), or - (not checked).\n"
                + "path_and_query\texpect\tanswer\tcase\n");
        rows.forEach(r -> tsv.append(r).append('\n'));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("cases.tsv"), tsv.toString());
    }

    private static String with(String route, String parameter) {
        return route + (route.contains("?") ? "&" : "?") + parameter;
    }

    private void add(String route, String name, String value, String expect, String note) {
        add(route, name, value, expect, "-", note);
    }

    private void add(String route, String name, String value, String expect, String answer, String note) {
        String sep = route.contains("?") ? "&" : "?";
        rows.add(String.join("\t", route + sep + encode(name) + "=" + encode(value), expect, answer,
                note.replace('\t', ' ').replace('\u0000', '0')));
    }

    /** A filter value is a literal: any text is a 200, except a NUL, which no stored text holds. */
    private static String ok(String injection) {
        return injection.indexOf('\u0000') >= 0 ? "400" : "200";
    }

    private static String answer(String injection, String answer) {
        return injection.indexOf('\u0000') >= 0 ? "-" : answer;
    }

    /** The filters fingerprint of an unfiltered listing of the default project, whatever its window. */
    private static int unfiltered(int listing) {
        TimeRange any = TimeRange.of(Instant.EPOCH, Instant.EPOCH.plusSeconds(1));
        return switch (listing) {
            case 0 -> TraceQuery.builder(Principal.DEFAULT_PROJECT, any).build().filters();
            case 1 -> SpanQuery.builder(Principal.DEFAULT_PROJECT, any).build().filters();
            default -> LogQuery.of(Principal.DEFAULT_PROJECT, any).filters();
        };
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Cursors that fail their checksum, plus cursors with a valid checksum around absurd contents. */
    private static List<String> forgedCursors() {
        List<String> cursors = new ArrayList<>();
        cursors.add("AAAA");
        cursors.add("not a cursor");
        cursors.add("eyJ0aW1lIjoxfQ");
        cursors.add("A".repeat(5000));
        cursors.add("////____");
        String valid = cursor(VERSION, 0, 1_767_225_600L, 0, "00f067aa0ba902b7", "");
        cursors.add(valid.substring(0, valid.length() - 3));
        cursors.add(valid.substring(0, 10) + (valid.charAt(10) == 'A' ? 'B' : 'A') + valid.substring(11));
        cursors.add(cursor(VERSION + 1, 0, 1_767_225_600L, 0, "x", ""));
        cursors.add(cursor(VERSION - 1, 0, 1_767_225_600L, 0, "00f067aa0ba902b7", ""));
        cursors.add(cursor(VERSION, 7, 1_767_225_600L, 0, "x", ""));
        cursors.add(cursor(VERSION, 0, Long.MAX_VALUE, 0, "x", ""));
        return cursors;
    }

    /** Valid-checksum cursors whose contents no page could have produced; the route decides the listing. */
    static List<String[]> checksummedCursors(int listing) {
        // Every listing checks the shape of its ids (hex for traces and spans, a UUID for logs): only well-formed
        // ones get through.
        String wellFormedIdsOnly = "400";
        return List.of(
                new String[] {cursor(VERSION, listing, 10_000_000_000_000L, 0, "00f067aa0ba902b7", "x"), "400",
                    "a time in the year 318857"},
                new String[] {cursor(VERSION, listing, -200_000_000_000L, 0, "00f067aa0ba902b7", "x"), "400",
                    "a time in 4368 BC"},
                new String[] {cursor(VERSION, listing, 1_767_225_600L, 0, "a\u0000b", "c\u0000d"), "400", "ids with NUL"},
                new String[] {cursor(VERSION, listing, 1_767_225_600L, -1, "00f067aa0ba902b7", ""),
                    listing == 0 ? "200" : "400", "negative nanoseconds (normalised)"},
                new String[] {cursor(VERSION, listing, 1_767_225_600L, 0, "' OR '1'='1", "'; DROP TABLE spans; --"), wellFormedIdsOnly,
                    "SQL injection in the ids (bound as parameters)"},
                new String[] {cursor(VERSION, listing, 1_767_225_600L, 0, "\uD800", ""), wellFormedIdsOnly, "an unpaired surrogate id"});
    }

    /** The version of storage's cursor tokens. */
    private static final int VERSION = 2;

    /**
     * The token format of storage's Cursor: version, listing, the fingerprint of the listing's filters (here those of
     * an unfiltered request of the default project, as the corpus sends), seconds, nanos, two ids, CRC-32.
     */
    static String cursor(int version, int listing, long seconds, int nanos, String first, String second) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(version);
            out.writeByte(listing);
            out.writeInt(unfiltered(listing));
            out.writeLong(seconds);
            out.writeInt(nanos);
            out.writeUTF(first);
            out.writeUTF(second);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] body = bytes.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(body);
        int c = (int) crc.getValue();
        byte[] token = java.util.Arrays.copyOf(body, body.length + 4);
        for (int i = 0; i < 4; i++) {
            token[body.length + i] = (byte) (c >>> (24 - 8 * i));
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }
}
