package org.llmobservatory.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * docs/BENCHMARKS.md: hand-written, except for the block between {@link #BEGIN} and {@link #END},
 * which a full-scale report replaces with its generated table.
 */
public final class BenchmarksDoc {

    public static final String BEGIN = "<!-- report:begin -->";
    public static final String END = "<!-- report:end -->";

    private BenchmarksDoc() {
    }

    /** Replaces the generated block of {@code doc} with {@code generated}, leaving the rest as it was. */
    public static void rewrite(Path doc, String generated) throws IOException {
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        Files.writeString(doc, replaceBlock(text, generated), StandardCharsets.UTF_8);
    }

    static String replaceBlock(String text, String generated) {
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException("the benchmarks document has no " + BEGIN + " ... " + END + " block");
        }
        String body = generated.endsWith("\n") ? generated : generated + "\n";
        return text.substring(0, begin + BEGIN.length()) + "\n" + body + text.substring(end);
    }
}
