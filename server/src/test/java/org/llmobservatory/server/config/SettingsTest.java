package org.llmobservatory.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The catalog of settings, the code that reads them and the README's settings table name the same settings. */
class SettingsTest {

    /** Tests run in the module's directory, server/; the sources and the README are one level up. */
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final List<Path> SOURCES = List.of(
            ROOT.resolve("server/src/main/java"), ROOT.resolve("storage/src/main/java"));
    /** The catalog spells the names too; they count as read only where the readers spell them. */
    private static final Path CATALOG_DIR = ROOT.resolve("server/src/main/java/org/llmobservatory/server/config");
    private static final List<Path> CATALOG = List.of(CATALOG_DIR.resolve("Settings.java"),
            CATALOG_DIR.resolve("Setting.java"));
    private static final Pattern NAME_LITERAL = Pattern.compile("\"(OBSERVATORY_[A-Z_]+)\"");
    private static final String TABLE_HEADER = "| variable | default | meaning |";

    @Test
    void every_variable_the_code_reads_is_in_the_catalog_and_every_one_in_the_catalog_is_read() {
        String code = readerSources();
        Set<String> read = new TreeSet<>();
        Matcher literal = NAME_LITERAL.matcher(code);
        while (literal.find()) {
            read.add(literal.group(1));
        }
        Set<String> catalog = new TreeSet<>(Settings.all().stream().map(Setting::name).toList());

        assertSoftly(softly -> {
            softly.assertThat(minus(read, catalog)).as("read in server/ or storage/ but missing from Settings")
                    .isEmpty();
            softly.assertThat(minus(catalog, read)).as("in Settings but read nowhere").isEmpty();
            Settings.all().stream().flatMap(s -> s.aliases().stream()).forEach(alias -> softly
                    .assertThat(code.contains("\"" + alias + "\"")).as("the alias %s read somewhere", alias).isTrue());
        });
    }

    @Test
    void the_readme_table_has_the_catalog_rows_in_the_same_order_with_the_same_words() throws IOException {
        List<String> readme = Files.readAllLines(ROOT.resolve("README.md"));
        int header = readme.indexOf(TABLE_HEADER);
        assertThat(header).as("README.md has a line %s", TABLE_HEADER).isNotNegative();
        List<String> rows = readme.subList(header + 2, readme.size()).stream()
                .takeWhile(line -> line.startsWith("|"))
                .map(SettingsTest::plainRow)
                .toList();

        List<String> catalog = Settings.all().stream()
                .map(s -> s.label() + " | " + s.defaultValue() + " | " + s.description())
                .toList();
        assertThat(rows).containsExactlyElementsOf(catalog);
    }

    @Test
    void names_are_unique() {
        List<String> names = Settings.all().stream()
                .flatMap(s -> Stream.concat(Stream.of(s.name()), s.aliases().stream()))
                .toList();
        assertThat(names).doesNotHaveDuplicates();
    }

    /** A table row's cells without Markdown: no backticks, and a link as its text; cells joined by " | ". */
    private static String plainRow(String row) {
        String inner = row.strip().replaceAll("^\\|", "").replaceAll("\\|$", "");
        List<String> cells = Arrays.stream(inner.split("(?<!\\\\)\\|"))
                .map(cell -> cell.strip()
                        .replace("\\|", "|")
                        .replace("`", "")
                        .replaceAll("\\[([^]]*)]\\([^)]*\\)", "$1"))
                .toList();
        assertThat(cells).as("cells of %s", row).hasSize(3);
        return String.join(" | ", cells);
    }

    private static String readerSources() {
        StringBuilder code = new StringBuilder();
        for (Path root : SOURCES) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java") && !CATALOG.contains(f)).toList()) {
                    code.append(Files.readString(file)).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return code.toString();
    }

    private static Set<String> minus(Set<String> from, Set<String> taken) {
        Set<String> left = new TreeSet<>(from);
        left.removeAll(taken);
        return left;
    }
}
