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

/**
 * The query API's parameter parsers under fuzzing: any parameters, named or misnamed, with any values,
 * give a query or an {@link IllegalArgumentException} (answered with 400), never another exception.
 */
class QueryParameterProperties {

    private static final TimeWindows WINDOWS = new TimeWindows(Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"),
            ZoneOffset.UTC));
    private static final TraceQueries TRACES = new TraceQueries(WINDOWS);
    private static final LogQueries LOGS = new LogQueries(WINDOWS);
    private static final AggregateQueries AGGREGATES = new AggregateQueries(WINDOWS);

    private record Route(List<String> accepted, Function<Params, Object> read) {
    }

    private static final List<Route> ROUTES = List.of(
            new Route(TraceQueries.TRACE_PARAMETERS, p -> TRACES.traces(p, "p")),
            new Route(TraceQueries.SPAN_PARAMETERS, p -> TRACES.spans(p, "p")),
            new Route(LogQueries.PARAMETERS, p -> LOGS.logs(p, "p")),
            new Route(AggregateQueries.USAGE_PARAMETERS, p -> AGGREGATES.usage(p, "p")),
            new Route(AggregateQueries.SERIES_PARAMETERS, p -> AGGREGATES.series(p, "p")),
            new Route(TraceQueries.HINT_PARAMETERS, WINDOWS::hint));

    @Property(tries = 5000, shrinking = ShrinkingMode.BOUNDED)
    void any_parameters_give_a_query_or_an_illegal_argument(@ForAll("routes") int route,
            @ForAll("parameters") List<Tuple.Tuple2<String, String>> parameters) {
        Route r = ROUTES.get(route);
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Tuple.Tuple2<String, String> p : parameters) {
            String name = p.get1().startsWith("#") ? r.accepted().get(Math.floorMod(p.get1().hashCode(),
                    r.accepted().size())) : p.get1();
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(p.get2());
        }
        try {
            Object query = r.read().apply(new Params(values, r.accepted()));
            assertThat(query == null ? "" : query.toString()).isNotNull();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
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
