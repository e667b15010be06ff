package org.llmobservatory.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.llmobservatory.bench.report.Figure;
import org.llmobservatory.bench.report.FigureFile;

/**
 * The query and endpoint benchmarks at smoke scale write every figure the report expects and a plot a
 * reader can open. Speeds are not asserted: they depend on the machine.
 */
final class QueryAndEndpointFigures {

    private QueryAndEndpointFigures() {
    }

    /** The query section reported every query at every size, and plotted them. */
    static void assertQueries(Path out) throws Exception {
        List<Figure> figures = FigureFile.read(out.resolve("queries.tsv"));
        List<String> names = figures.stream().map(Figure::name).toList();
        for (long size : QueryBenchmark.SMOKE_SIZES) {
            assertThat(names).anyMatch(n -> n.startsWith("load to ") && loadedAtLeast(n, size));
            assertThat(names).anyMatch(n -> n.startsWith("bytes per span on disk @ ") && loadedAtLeast(n, size));
            for (String label : List.of("trace list, last hour, one model", "one trace tree",
                    "usage by model per hour, last 24 h", "usage by model per hour, 30 days", "usage by user, last 24 h",
                    "usage by user, 30 days", "filter values, 30 days", "sessions, last hour", "users, last 24 h")) {
                for (String percentile : List.of("p50", "p95")) {
                    assertThat(names).contains(QueryBenchmark.figureName(label, percentile, size));
                }
            }
            assertThat(names).contains(QueryBenchmark.accuracyName(size));
        }
        // The web UI's pages, in Chromium, at the largest size.
        long largest = QueryBenchmark.SMOKE_SIZES[QueryBenchmark.SMOKE_SIZES.length - 1];
        for (String label : List.of("trace list page, last hour", "500-span waterfall page")) {
            for (String percentile : List.of("p50", "p95")) {
                assertThat(names).contains(QueryBenchmark.figureName(label, percentile, largest));
            }
        }
        assertThat(figures).allSatisfy(f -> {
            assertThat(f.section()).isEqualTo("queries");
            if (f.name().startsWith("rollup percentiles")) {
                // A relative error in percent: the histograms' bound is 1%.
                assertThat(f.measured()).isBetween(0.0, 1.0);
            } else {
                assertThat(f.measured()).isPositive();
            }
        });
        assertReadablePng(out.resolve(QueryBenchmark.PLOT));
    }

    /** The endpoint section reported scrape and health percentiles, and plotted them. */
    static void assertEndpoints(Path out) throws Exception {
        List<Figure> figures = FigureFile.read(out.resolve("endpoints.tsv"));
        List<String> names = figures.stream().map(Figure::name).toList();
        for (String endpoint : List.of(EndpointLatency.SCRAPE, EndpointLatency.PROMETHEUS_SCRAPE,
                EndpointLatency.HEALTH)) {
            for (String percentile : List.of("p50", "p95", "p99")) {
                assertThat(names).contains(EndpointLatency.figureName(endpoint, percentile));
            }
        }
        assertThat(names).contains("/metrics scrape size");
        assertThat(figures).allSatisfy(f -> assertThat(f.measured()).isPositive());
        assertReadablePng(out.resolve(EndpointLatency.PLOT));
    }

    private static boolean loadedAtLeast(String name, long size) {
        long loaded = Long.parseLong(name.replaceAll("[^0-9]", ""));
        return loaded >= size && loaded < size + 100;
    }

    private static void assertReadablePng(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as(png + " is a readable image").isNotNull();
        assertThat(image.getWidth()).isGreaterThan(100);
        assertThat(image.getHeight()).isGreaterThan(100);
    }
}
