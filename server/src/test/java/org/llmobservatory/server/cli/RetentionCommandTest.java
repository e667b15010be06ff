package org.llmobservatory.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmobservatory.storage.model.Span;
import org.llmobservatory.storage.pool.StoragePool;
import org.llmobservatory.storage.support.Spans;
import org.llmobservatory.storage.support.TelemetryLoader;
import org.llmobservatory.storage.support.TestDatabase;
import org.llmobservatory.storage.support.TestServers;
import picocli.CommandLine;

/** {@code observatory retention run}: what is past retention goes now, and the operator learns what it freed. */
class RetentionCommandTest {

    private static final Instant NOW = Instant.now();

    private final TestDatabase db = TestServers.freshDatabase();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void expired_days_are_dropped_now_and_a_shorter_retention_can_be_asked_for_once() throws Exception {
        Instant old = NOW.minus(Duration.ofDays(40));
        Instant lastWeek = NOW.minus(Duration.ofDays(7));
        try (StoragePool pool = db.migratedPool()) {
            try (TelemetryLoader loader = new TelemetryLoader(pool)) {
                loader.spans(spansAt(old, 2_000));
                loader.spans(spansAt(lastWeek, 200));
                loader.spans(spansAt(NOW.minusSeconds(60), 200));
            }

            assertThat(run("retention", "run")).as(err.toString()).isZero();
            assertThat(out.toString()).contains("Kept 30 days of spans", "spans_p" + day(old), "freed")
                    .doesNotContain("spans_p" + day(lastWeek));
            assertThat(db.count("SELECT count(*) FROM spans")).isEqualTo(400);

            out.getBuffer().setLength(0);
            assertThat(run("retention", "run", "--days", "3")).as(err.toString()).isZero();
            assertThat(out.toString()).contains("Kept 3 days of spans", "spans_p" + day(lastWeek));
            assertThat(db.count("SELECT count(*) FROM spans")).isEqualTo(200);

            out.getBuffer().setLength(0);
            assertThat(run("retention", "run", "--days", "3")).isZero();
            assertThat(out.toString()).contains("Nothing is past retention", "The telemetry tables take");
        }
    }

    @Test
    void a_retention_under_a_day_is_refused_naming_the_option() {
        assertThat(run("retention", "run", "--days", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--days must be at least 1, got 0");
    }

    @Test
    void bytes_read_as_a_person_reads_them() {
        assertThat(RetentionCommand.Run.bytes(912)).isEqualTo("912 bytes");
        assertThat(RetentionCommand.Run.bytes(3_565_158)).isEqualTo("3.4 MiB");
        assertThat(RetentionCommand.Run.bytes(50L << 30)).isEqualTo("50 GiB");
    }

    private static List<Span> spansAt(Instant start, int count) {
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            spans.add(Spans.llmCall("default", Spans.traceId(), start.plusMillis(i), 100).build());
        }
        return spans;
    }

    private static String day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    private int run(String... args) {
        CommandLine cli = ObservatoryCommand.commandLine(db.environment());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
