package org.llmobservatory.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A line chart of latencies saved as PNG, one line per series, drawn off-screen (no display needed).
 * The y axis is logarithmic because the queries compared differ by orders of magnitude.
 */
final class LatencyChart {

    private final String title;
    private final String xTitle;
    private final Map<String, double[][]> series = new LinkedHashMap<>();

    LatencyChart(String title, String xTitle) {
        this.title = title;
        this.xTitle = xTitle;
    }

    LatencyChart line(String name, double[] x, double[] millis) {
        series.put(name, new double[][] {x.clone(), millis.clone()});
        return this;
    }

    void save(Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(540).title(title).xAxisTitle(xTitle)
                .yAxisTitle("milliseconds").build();
        chart.getStyler().setYAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.OutsideS)
                .setChartBackgroundColor(Color.WHITE);
        series.forEach((name, xy) -> chart.addSeries(name, xy[0], floor(xy[1])).setMarker(SeriesMarkers.CIRCLE));
        Files.createDirectories(png.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** A logarithmic axis cannot show zero: sub-microsecond values are drawn at one microsecond. */
    private static double[] floor(double[] millis) {
        double[] out = millis.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(out[i], 0.001);
        }
        return out;
    }
}
