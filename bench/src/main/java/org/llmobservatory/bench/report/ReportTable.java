package org.llmobservatory.bench.report;

import java.util.List;
import java.util.Locale;

/**
 * The markdown table of a report: one row per figure (section, figure, measured, unit, target, ratio,
 * met or missed), followed by each figure's note on how it was measured.
 */
public final class ReportTable {

    private ReportTable() {
    }

    public static String markdown(List<Figure> figures) {
        StringBuilder out = new StringBuilder();
        out.append("| section | figure | measured | unit | target | ratio | met |\n");
        out.append("|---|---|---:|---|---|---:|---|\n");
        for (Figure f : figures) {
            out.append("| ").append(f.section())
                    .append(" | ").append(escape(f.name()))
                    .append(" | ").append(number(f.measured()))
                    .append(" | ").append(escape(f.unit()))
                    .append(" | ").append(escape(f.target()))
                    .append(" | ").append(Double.isNaN(f.ratio()) ? "" : String.format(Locale.ROOT, "%.3f", f.ratio()))
                    .append(" | ").append(f.met() == null ? "" : f.met() ? "met" : "**missed**")
                    .append(" |\n");
        }
        out.append('\n');
        for (Figure f : figures) {
            if (!f.note().isBlank()) {
                out.append("- ").append(f.section()).append(" / ").append(escape(f.name())).append(": ")
                        .append(escape(f.note())).append('\n');
            }
        }
        return out.toString();
    }

    /** Large rates with thousands separators, small ratios and sizes with enough digits to compare. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double size = Math.abs(value);
        String format = size >= 1_000 ? "%,.0f" : size >= 10 ? "%.1f" : "%.3f";
        return String.format(Locale.ROOT, format, value);
    }

    // A pipe would end the cell. A backslash before a letter (psql's \copy) is shown as it is.
    private static String escape(String text) {
        return text.replace("|", "\\|");
    }
}
