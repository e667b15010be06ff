package org.llmobservatory.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import org.llmobservatory.storage.repository.LogQuery;
import org.llmobservatory.storage.repository.SeriesQuery;
import org.llmobservatory.storage.repository.SpanQuery;
import org.llmobservatory.storage.repository.TraceQuery;
import org.llmobservatory.storage.repository.UsageQuery;

/**
 * The query API's parameter parsers under fuzzing: any parameters, named or misnamed, with any values,
 * give a query or an {@link IllegalArgumentException} (answered with 400) naming a parameter, never
 * another exception. A query comes only from the route's own parameters, each given once, and holds
 * the filters as they were sent.
 */
class QueryParameterProperties {

    private static final TimeWindows WINDOWS = new TimeWindows(Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"),
            ZoneOffset.UTC));
    private static final TraceQueries TRACES = new TraceQueries(WINDOWS);
    private static final LogQueries LOGS = new LogQueries(WINDOWS);
    private static final AggregateQueries AGGREGATES = new AggregateQueries(WINDOWS);

    /**
     * A route's parameters, how it reads them, and where its query keeps each text filter: the filter
     * must hold the value sent (stripped), or a request would be answered for something it did not ask.
     */
    private record Route(List<String> accepted, Function<Params, Object> read,
            Map<String, Function<Object, Object>> filters) {
    }

    private static final List<Route> ROUTES = List.of(
            new Route(TraceQueries.TRACE_PARAMETERS, p -> TRACES.traces(p, "p"), Map.of(
                    "service", q -> ((TraceQuery) q).filter().serviceName(), "provider", q -> ((TraceQuery) q).filter().provider(),
                    "model", q -> ((TraceQuery) q).filter().model(), "operation", q -> ((TraceQuery) q).filter().operation(),
                    "user", q -> ((TraceQuery) q).filter().userId(), "session", q -> ((TraceQuery) q).filter().sessionId(),
                    "limit", q -> ((TraceQuery) q).limit())),
            new Route(TraceQueries.SPAN_PARAMETERS, p -> TRACES.spans(p, "p"), Map.of(
                    "service", q -> ((SpanQuery) q).filter().serviceName(), "provider", q -> ((SpanQuery) q).filter().provider(),
                    "model", q -> ((SpanQuery) q).filter().model(), "operation", q -> ((SpanQuery) q).filter().operation(),
                    "user", q -> ((SpanQuery) q).filter().userId(), "session", q -> ((SpanQuery) q).filter().sessionId(),
                    "traceId", q -> ((SpanQuery) q).traceId(), "name", q -> ((SpanQuery) q).name(),
                    "limit", q -> ((SpanQuery) q).limit())),
            new Route(LogQueries.PARAMETERS, p -> LOGS.logs(p, "p"), Map.of(
                    "service", q -> ((LogQuery) q).serviceName(), "traceId", q -> ((LogQuery) q).traceId(),
                    "limit", q -> ((LogQuery) q).limit())),
            new Route(AggregateQueries.USAGE_PARAMETERS, p -> AGGREGATES.usage(p, "p"), Map.of(
                    "provider", q -> ((UsageQuery) q).provider(), "model", q -> ((UsageQuery) q).model(),
                    "service", q -> ((UsageQuery) q).serviceName())),
            new Route(AggregateQueries.SERIES_PARAMETERS, p -> AGGREGATES.series(p, "p"), Map.of(
                    "name", q -> ((SeriesQuery) q).metricName(), "groupBy", q -> ((SeriesQuery) q).groupBy(),
                    "service", q -> ((SeriesQuery) q).serviceName())),
            new Route(TraceQueries.HINT_PARAMETERS, WINDOWS::hint, Map.of()));

    @Property(tries = 5000, shrinking = ShrinkingMode.BOUNDED)
    void any_parameters_give_the_query_they_ask_for_or_an_illegal_argument_naming_one(@ForAll("routes") int route,
            @ForAll("parameters") List<Tuple.Tuple2<String, String>> parameters) {
        Route r = ROUTES.get(route);
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Tuple.Tuple2<String, String> p : parameters) {
            String name = p.get1().startsWith("#") ? r.accepted().get(Math.floorMod(p.get1().hashCode(),
                    r.accepted().size())) : p.get1();
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(p.get2());
        }
        Object query;
        try {
            query = r.read().apply(new Params(values, r.accepted()));
        } catch (IllegalArgumentException e) {
            // The 400's detail names what to fix: a parameter sent, or one the route needs.
            List<String> names = new ArrayList<>(values.keySet());
            names.addAll(r.accepted());
            assertThat(e.getMessage()).as("the refusal names a parameter").containsAnyOf(names.toArray(String[]::new));
            return;
        }
        assertThat(r.accepted()).as("only the route's own parameters are accepted").containsAll(values.keySet());
        assertThat(values.values()).as("a parameter given twice is refused").allMatch(v -> v.size() == 1);
        r.filters().forEach((name, held) -> {
            if (values.containsKey(name)) {
                String sent = values.get(name).get(0);
                Object expected = sent.isBlank() ? null : sent.strip();
                if (name.equals("limit")) {
                    expected = expected == null ? TraceQueries.DEFAULT_LIMIT : Integer.valueOf((String) expected);
                }
                assertThat(held.apply(query)).as("%s=%s", name, sent).isEqualTo(expected);
            }
        });
        if (query instanceof LogQuery logs && values.containsKey("text")) {
            String sent = values.get("text").get(0);
            assertThat(logs.text()).as("log text is searched for as sent, spaces included")
                    .isEqualTo(sent.isEmpty() ? null : sent);
        }
    }

    @Provide
    Arbitrary<Integer> routes() {
        return Arbitraries.integers().between(0, ROUTES.size() - 1);
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<String, String>>> parameters() {
        // "#..." picks one of the route's own names, so most parameters are real ones with hostile values.
        Arbitrary<String> name = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.strings().alpha().ofLength(3).map(s -> "#" + s)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(8)));
        return Combinators.combine(name, values()).as(Tuple::of).list().ofMaxSize(6);
    }

    static Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.strings().withChars("0123456789-+:.TZPDHMSmshdeE ,x").ofMaxLength(30),
                Arbitraries.of("", " ", "0", "-1", "1000", "1001", "2147483648", "1e3", "NaN", "Infinity", "-0",
                        "1e999999999", "1e-999999999", "-1e-999999999", "0.00000000001", "9999999999.99",
                        "2026-03-01T11:00:00Z", "2026-03-01T13:00:00+02:00", "2026-03-01T13:00:00 02:00",
                        "+1000000000-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z", "-5000-01-01T00:00:00Z",
                        "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "PT0.000000001S", "PT1S", "1s",
                        "999999999d", "P36500D", "PT-1S", "P106751991167300D", "PT2562047788015215H", "1ms", "ok",
                        "error", "ERROR4", "warning", "25", "model", "user", "avg", "last", "' OR '1'='1",
                        "a\u0000b", "\uD800", "AAAA", "AQAAAAAAaVW5AAAAAAAAEDAwZjA2N2FhMGJhOTAyYjcAAXgYA1zx"));
    }
}
