package org.llmobservatory.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmobservatory.bench.ingest.IngestBenchmark;
import org.llmobservatory.bench.ingest.RefusalCost;
import org.llmobservatory.bench.ingest.IngestCurves;
import org.llmobservatory.bench.ingest.MemoryUnderLoad;
import org.llmobservatory.bench.report.Figure;
import org.llmobservatory.bench.report.FigureFile;
import org.llmobservatory.bench.report.ProjectRoot;
import org.llmobservatory.bench.report.Scale;
import org.llmobservatory.bench.report.Section;

/** The report at smoke scale: every figure gets its row and every plot is a real PNG. Speeds are not judged. */
class BenchmarkReportTest {

    @TempDir
    Path out;

    @Test
    void smoke_report_has_a_row_for_every_figure_and_a_readable_plot_for_every_curve() throws Exception {
        Path root = ProjectRoot.find();
        String doc = Files.readString(root.resolve("docs/BENCHMARKS.md"));

        boolean allRan = BenchmarkReport.run(new ReportOptions(Scale.SMOKE, root, out, List.of(), false));

        assertThat(allRan).as("every section ran").isTrue();
        String table = Files.readString(out.resolve("table.md"));
        for (String[] figure : expectedFigures()) {
            assertThat(table).contains("| " + figure[0] + " | " + figure[1] + " | ");
        }
        for (Section section : BenchmarkReport.SECTIONS) {
            for (Figure figure : FigureFile.read(section.figures(out))) {
                assertThat(table).contains("| " + figure.section() + " | " + figure.name() + " | ");
                assertThat(figure.target().isEmpty()).as("%s has a verdict iff it has a target", figure.name())
                        .isEqualTo(figure.met() == null);
            }
        }
        List<String> plots = new ArrayList<>(IngestCurves.PLOTS);
        plots.add(MemoryUnderLoad.PLOT);
        for (String plot : plots) {
            BufferedImage image = ImageIO.read(out.resolve(plot).toFile());
            assertThat(image).as(plot).isNotNull();
            assertThat(image.getWidth()).isPositive();
        }
        QueryAndEndpointFigures.assertQueries(out);
        QueryAndEndpointFigures.assertEndpoints(out);
        assertThat(Files.readString(root.resolve("docs/BENCHMARKS.md"))).as("smoke leaves the docs alone")
                .isEqualTo(doc);
    }

    private static List<String[]> expectedFigures() {
        List<String[]> figures = new ArrayList<>();
        for (String name : List.of(IngestBenchmark.PSQL, IngestBenchmark.BINARY_COPY, IngestBenchmark.WRITER_COPY,
                IngestBenchmark.WRITER_METRICS, IngestBenchmark.WRITER_NO_ROLLUPS, IngestBenchmark.ROLLUP_COST,
                IngestBenchmark.WRITER_INSERT, IngestBenchmark.COPY_OVER_INSERT,
                IngestBenchmark.OTLP_HTTP, IngestBenchmark.OTLP_GRPC, IngestBenchmark.OTLP_JSON,
                IngestBenchmark.JSON_OVER_PROTOBUF, RefusalCost.REFUSED, RefusalCost.DECODED, RefusalCost.RATIO)) {
            figures.add(new String[] {IngestBenchmark.SECTION, name});
        }
        for (int batch : IngestCurves.BATCH_SIZES) {
            figures.add(new String[] {IngestCurves.SECTION, IngestCurves.copyAt(batch)});
            figures.add(new String[] {IngestCurves.SECTION, IngestCurves.insertAt(batch)});
        }
        for (int clients : IngestCurves.CLIENTS) {
            figures.add(new String[] {IngestCurves.SECTION, IngestCurves.clientsAt(clients)});
        }
        for (String name : List.of(MemoryUnderLoad.MAX_RSS, MemoryUnderLoad.FIRST_RSS, MemoryUnderLoad.LAST_RSS,
                MemoryUnderLoad.GROWTH, MemoryUnderLoad.SUSTAINED)) {
            figures.add(new String[] {MemoryUnderLoad.SECTION, name});
        }
        figures.add(new String[] {RecordingCost.SECTION, "one committed batch recorded"});
        figures.add(new String[] {RecordingCost.SECTION, "one query recorded"});
        return figures;
    }
}
