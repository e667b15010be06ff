package org.llmobservatory.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTableTest {

    @Test
    void a_figure_with_a_target_shows_its_ratio_and_verdict() {
        String table = ReportTable.markdown(List.of(
                new Figure("ingest", "writer, COPY", 52_392.4, "spans/s", ">= 0.9 x psql \\copy", 0.8712, false,
                        "runs 1, 2, 3"),
                Figure.info("memory", "service RSS, first sample", 254.4, "MiB", "")));

        assertThat(table).contains("| ingest | writer, COPY | 52,392 | spans/s | >= 0.9 x psql \\copy | 0.871 | **missed** |")
                .contains("| memory | service RSS, first sample | 254.4 | MiB |  |  |  |")
                .contains("- ingest / writer, COPY: runs 1, 2, 3");
    }

    @Test
    void only_the_generated_block_of_the_document_is_replaced() {
        String doc = "# Benchmarks\nhand-written\n" + BenchmarksDoc.BEGIN + "\nold table\n" + BenchmarksDoc.END
                + "\nmore prose\n";

        String rewritten = BenchmarksDoc.replaceBlock(doc, "new table");

        assertThat(rewritten).isEqualTo("# Benchmarks\nhand-written\n" + BenchmarksDoc.BEGIN + "\nnew table\n"
                + BenchmarksDoc.END + "\nmore prose\n");
        assertThatThrownBy(() -> BenchmarksDoc.replaceBlock("no markers", "x"))
                .hasMessageContaining(BenchmarksDoc.BEGIN);
    }

    @Test
    void a_figure_is_the_median_of_its_runs_and_nothing_when_every_run_failed() {
        Samples samples = new Samples();
        assertThat(samples.median()).isNaN();
        for (double v : new double[] {41_867, 62_980, 52_392, 49_873}) {
            samples.add(v);
        }
        assertThat(samples.median()).isEqualTo((49_873 + 52_392) / 2.0);
        assertThat(Scale.parse("Full")).isEqualTo(Scale.FULL);
    }
}
