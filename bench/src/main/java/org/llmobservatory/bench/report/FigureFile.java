package org.llmobservatory.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The figures one benchmark section measured, as a tab-separated file in the report's output directory
 * ({@code <section>.tsv}): each section writes its own, and the report reads them all back to build the
 * table of docs/BENCHMARKS.md.
 */
public final class FigureFile {

    private FigureFile() {
    }

    /** Appends figures to {@code file}, creating it (and its directory) when missing. */
    public static void append(Path file, List<Figure> figures) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        StringBuilder text = new StringBuilder();
        for (Figure figure : figures) {
            text.append(figure.toTsv()).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    public static List<Figure> read(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank())
                .map(Figure::fromTsv)
                .toList();
    }
}
