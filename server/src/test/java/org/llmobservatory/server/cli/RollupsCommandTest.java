package org.llmobservatory.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.repository.TimeRange;
import org.llmobservatory.storage.repository.TraceRepository;
import org.llmobservatory.storage.repository.UsageDimension;
import org.llmobservatory.storage.repository.UsageQuery;
import org.llmobservatory.storage.repository.UsageRow;
import org.llmobservatory.storage.support.Spans;
import org.llmobservatory.storage.support.TelemetryLoader;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;
import picocli.CommandLine;

/** {@code observatory rollups rebuild}: lost or wrong rollups are recomputed from the spans, as often as asked. */
class RollupsCommandTest {

    private static final Instant T = Instant.parse("2031-08-01T00:00:00Z");

    private final TestDatabase db = TestServers.freshDatabase();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void rebuild_recomputes_lost_rollups_from_the_spans_and_can_run_again() throws Exception {
        try (StoragePool pool = db.migratedPool()) {
            List<Span> spans = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                spans.add(Spans.llmCall("default", Spans.traceId(), T.plus(Duration.ofMinutes(17L * i)), 100 + i)
                        .build());
            }
            try (TelemetryLoader loader = new TelemetryLoader(pool)) {
                loader.spans(spans);
            }
            UsageQuery days = UsageQuery.of("default", TimeRange.of(T, T.plus(Duration.ofDays(4))), UsageDimension.MODEL);
            TraceRepository traces = new TraceRepository(pool, null);
            assertThat(requests(traces.usage(days))).isEqualTo(300);
            try (var c = pool.connection(); var st = c.createStatement()) {
                st.execute("DELETE FROM usage_rollup_deltas");   // rollups lost
            }
            assertThat(traces.usage(days)).isEmpty();

            assertThat(run("rollups", "rebuild")).as(err.toString()).isZero();

            assertThat(out.toString()).contains("4/4 days", "from 300 LLM spans");
            assertThat(requests(traces.usage(days))).isEqualTo(300);
            assertThat(run("rollups", "rebuild", "--from", T.toString(), "--to", T.plus(Duration.ofDays(4)).toString()))
                    .isZero();
            assertThat(requests(traces.usage(days))).isEqualTo(300);
        }
    }

    @Test
    void a_rebuild_leaves_the_rollups_of_days_whose_spans_are_past_retention_as_they_are() throws Exception {
        try (StoragePool pool = db.migratedPool()) {
            List<Span> spans = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                spans.add(Spans.llmCall("default", Spans.traceId(), T.plus(Duration.ofMinutes(7L * i)), 100).build());
                spans.add(Spans.llmCall("default", Spans.traceId(), T.plus(Duration.ofDays(2)).plus(
                        Duration.ofMinutes(7L * i)), 100).build());
            }
            try (TelemetryLoader loader = new TelemetryLoader(pool)) {
                loader.spans(spans);
            }
            new org.llmobservatory.storage.rollup.RollupMaintenance(pool.dataSource(),
                    org.llmobservatory.storage.config.Retention.DEFAULTS, java.time.Clock.systemUTC()).foldAll();
            try (var c = pool.connection(); var st = c.createStatement()) {
                st.execute("DROP TABLE spans_p20310801");   // as retention drops the first day
            }
            UsageQuery firstDay = UsageQuery.of("default", TimeRange.of(T, T.plus(Duration.ofDays(1))),
                    UsageDimension.MODEL);
            TraceRepository traces = new TraceRepository(pool, null);

            assertThat(run("rollups", "rebuild", "--from", T.toString(), "--to", T.plus(Duration.ofDays(3)).toString()))
                    .as(err.toString()).isZero();

            assertThat(out.toString()).contains("Spans before 2031-08-03T00:00:00Z are past retention",
                    "from 100 LLM spans");
            assertThat(requests(traces.usage(firstDay))).isEqualTo(100);
        }
    }

    @Test
    void a_bad_range_is_refused_naming_the_option() {
        assertThat(run("rollups", "rebuild", "--from", "yesterday")).isEqualTo(2);
        assertThat(err.toString()).contains("--from must be an ISO-8601 instant");
        assertThat(run("rollups", "rebuild", "--from", T.toString(), "--to", T.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--from must be before --to");
    }

    private static long requests(List<UsageRow> rows) {
        return rows.stream().mapToLong(UsageRow::requests).sum();
    }

    private int run(String... args) {
        CommandLine cli = ObservatoryCommand.commandLine(db.environment());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
