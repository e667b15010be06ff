package org.llmobservatory.server.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The server's packages stay in the layers docs/ARCHITECTURE.md lists, from the top down: each package uses only
 * packages listed below it, never one above, so no two packages depend on each other.
 */
class PackageLayersTest {

    private static final String BASE = "org.llmobservatory.server";
    private static final Path ARCHITECTURE = Path.of("..", "docs", "ARCHITECTURE.md");
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z]+)` \\|");

    @Test
    void each_package_uses_only_the_packages_below_it_in_the_architecture_page() throws IOException {
        List<String> layers = serverPackages();
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BASE);
        assertThat(classes.stream().map(c -> c.getPackageName().substring(BASE.length() + 1).split("\\.")[0])
                .distinct()).as("every package of the server is in the page's table").allMatch(layers::contains);

        Architectures.LayeredArchitecture rule = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String layer : layers) {
            rule = rule.layer(layer).definedBy(BASE + "." + layer + "..");
        }
        for (int i = 0; i < layers.size(); i++) {
            String[] above = layers.subList(0, i).toArray(String[]::new);
            rule = i == 0 ? rule.whereLayer(layers.get(i)).mayNotBeAccessedByAnyLayer()
                    : rule.whereLayer(layers.get(i)).mayOnlyBeAccessedByLayers(above);
        }
        rule.check(classes);
    }

    /** The server's packages in the order of the page's table, top first. */
    private static List<String> serverPackages() throws IOException {
        String page = Files.readString(ARCHITECTURE);
        int start = page.indexOf("`server` (`" + BASE + "`)");
        String table = page.substring(start, page.indexOf("\n\n", page.indexOf("| package |", start)));
        List<String> packages = new ArrayList<>();
        Matcher row = ROW.matcher(table);
        while (row.find()) {
            packages.add(row.group(1));
        }
        assertThat(packages).as("the server's package table in docs/ARCHITECTURE.md").hasSizeGreaterThan(5);
        return packages;
    }
}
