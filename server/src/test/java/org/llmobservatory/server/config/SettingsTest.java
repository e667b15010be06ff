package org.llmobservatory.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The catalog of settings is the one place that names a variable, and the README's settings table shows it. */
class SettingsTest {

    /** Tests run in the module's directory, server/; the sources and the README are one level up. */
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final List<Path> SOURCES = List.of(
            ROOT.resolve("server/src/main/java"), ROOT.resolve("storage/src/main/java"),
            ROOT.resolve("storage-embedded/src/main/java"), ROOT.resolve("storage-metrics/src/main/java"),
            ROOT.resolve("storage-http/src/main/java"));
    private static final Path CATALOG = ROOT.resolve(
            "server/src/main/java/org/llmobservatory/server/config/Settings.java");
    private static final Pattern NAME_LITERAL = Pattern.compile("\"(OBSERVATORY_[A-Z_]+)\"");
    private static final String TABLE_HEADER = "| variable | default | meaning |";

    @Test
    void only_the_catalog_spells_a_variable_name() {
        String code = sourcesOutsideTheCatalog();
        Set<String> spelt = new TreeSet<>();
        Matcher literal = NAME_LITERAL.matcher(code);
        while (literal.find()) {
            spelt.add(literal.group(1));
        }
        Settings.all().stream().flatMap(s -> s.aliases().stream())
                .filter(alias -> code.contains("\"" + alias + "\""))
                .forEach(spelt::add);

        assertThat(spelt).as("variable names spelt as a value in the server or storage modules outside Settings.java").isEmpty();
    }

    @Test
    void reading_the_configuration_asks_for_every_setting_of_the_catalog_and_nothing_else() {
        Set<String> asked = new TreeSet<>();
        Map<String, String> recording = new AbstractMap<>() {
            @Override
            public String get(Object key) {
                asked.add((String) key);
                return null;
            }

            @Override
            public Set<Entry<String, String>> entrySet() {
                return Set.of();
            }
        };
        Environment environment = new Environment(recording);

        environment.server();
        environment.storage();
        environment.security();

        Set<String> catalog = new TreeSet<>(Settings.all().stream().flatMap(s -> s.names().stream()).toList());
        assertThat(asked).isEqualTo(catalog);
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

    private static String sourcesOutsideTheCatalog() {
        StringBuilder code = new StringBuilder();
        for (Path root : SOURCES) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.equals(CATALOG)).toList()) {
                    code.append(Files.readString(file)).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return code.toString();
    }
}
