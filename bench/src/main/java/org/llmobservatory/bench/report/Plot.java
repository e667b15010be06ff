package org.llmobservatory.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A line chart of measured points saved as a PNG, drawn off-screen (no display needed). */
public final class Plot {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private final XYChart chart;
    private boolean logY;

    private Plot(String title, String xTitle, String yTitle) {
        chart = new XYChartBuilder().width(800).height(480).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    }

    public static Plot lines(String title, String xTitle, String yTitle) {
        return new Plot(title, xTitle, yTitle);
    }

    /** A line through the points; points not measured (NaN, a failed variant) are left out. */
    public Plot series(String name, List<? extends Number> xs, List<? extends Number> ys) {
        List<Number> x = new ArrayList<>();
        List<Number> y = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            double value = ys.get(i).doubleValue();
            // A logarithmic axis has no place for zero or less.
            if (Double.isFinite(value) && (!logY || value > 0)) {
                x.add(xs.get(i));
                y.add(ys.get(i));
            }
        }
        if (x.isEmpty()) {
            throw new IllegalArgumentException("no measured point to plot for " + name);
        }
        chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
        return this;
    }

    /** As {@link #series(String, List, List)}, from arrays. */
    public Plot series(String name, double[] xs, double[] ys) {
        return series(name, Arrays.stream(xs).boxed().toList(), Arrays.stream(ys).boxed().toList());
    }

    /** A logarithmic y axis, for values that differ by orders of magnitude; call before adding series. */
    public Plot logY() {
        logY = true;
        chart.getStyler().setYAxisLogarithmic(true);
        return this;
    }

    /** The legend under the chart, where it cannot hide a point. */
    public Plot legendBelow() {
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        return this;
    }

    /** A logarithmic x axis, for sizes that double or grow tenfold from point to point. */
    public Plot logX() {
        chart.getStyler().setXAxisLogarithmic(true);
        return this;
    }

    /** Writes the chart to {@code file}, which must end in {@code .png}. */
    public Path save(Path file) throws IOException {
        String name = file.toAbsolutePath().toString();
        if (!name.endsWith(".png")) {
            throw new IllegalArgumentException("a plot file ends in .png: " + file);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, name, BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
