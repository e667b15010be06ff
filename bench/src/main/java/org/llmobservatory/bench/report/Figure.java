package org.llmobservatory.bench.report;

import java.util.Locale;

/**
 * One measured figure of the benchmark report: what was measured, its value and unit, the target it is
 * held against (free text such as {@code ">= 0.9 x psql \copy"}, empty when there is none), the ratio to
 * the same run's baseline when the target is a ratio (NaN otherwise), whether the target was met
 * ({@code null} when there is no target) and a short note on how it was measured.
 */
public record Figure(String section, String name, double measured, String unit, String target, double ratio,
                     Boolean met, String note) {

    public Figure {
        for (String text : new String[] {section, name, unit, target, note}) {
            if (text == null || text.indexOf('\t') >= 0 || text.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("figure text must be present and on one line: " + text);
            }
        }
    }

    /** A figure with no target. */
    public static Figure info(String section, String name, double measured, String unit, String note) {
        return new Figure(section, name, measured, unit, "", Double.NaN, null, note);
    }

    String toTsv() {
        return String.join("\t", section, name, Double.toString(measured), unit, target, Double.toString(ratio),
                met == null ? "" : met.toString(), note);
    }

    static Figure fromTsv(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 8) {
            throw new IllegalArgumentException("a figure line has 8 tab-separated fields, got " + f.length + ": " + line);
        }
        return new Figure(f[0], f[1], Double.parseDouble(f[2]), f[3], f[4], Double.parseDouble(f[5]),
                f[6].isEmpty() ? null : Boolean.valueOf(f[6]), f[7]);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s / %s: %.4g %s%s", section, name, measured, unit,
                target.isEmpty() ? "" : " (target " + target + (met == null ? "" : met ? ", met" : ", missed") + ")");
    }
}
