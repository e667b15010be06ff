package org.llmobservatory.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.llmobservatory.server.config.Setting;
import org.llmobservatory.server.config.Settings;
import picocli.CommandLine;

/** {@code serve --help} lists every setting of the catalog; its prose is wrapped to the usage width between words. */
class ServeCommandHelpTest {

    private final CommandLine cli = ObservatoryCommand.commandLine(Map.of());
    private final CommandLine serve = cli.getSubcommands().get("serve");

    @Test
    void at_the_width_picocli_picks_every_setting_is_listed_within_it() {
        String help = help();

        assertWholeAndWithin(help, serve.getUsageHelpWidth());
    }

    @ParameterizedTest(name = "width {0}")
    @ValueSource(ints = {55, 80, 132})
    void at_any_width_every_setting_is_listed_within_it(int width) {
        serve.setUsageHelpAutoWidth(false);
        serve.setUsageHelpWidth(width);

        assertWholeAndWithin(help(), width);
    }

    @Test
    void wrapping_breaks_between_words_and_keeps_a_longer_word_whole() {
        assertThat(ServeHelp.wrap("one two three four", "  ", 11)).containsExactly("  one two", "  three", "  four");
        assertThat(ServeHelp.wrap("a postgres://user:password@host/db b", "  ", 10))
                .containsExactly("  a", "  postgres://user:password@host/db", "  b");
    }

    private String help() {
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("serve", "--help")).isZero();
        return out.toString();
    }

    private void assertWholeAndWithin(String help, int width) {
        List<String> lines = help.lines().toList();
        assertThat(lines).as("lines wider than %d", width)
                .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(width));
        assertThat(lines).contains("Runs the service until stopped (Ctrl-C or SIGTERM).");
        // Whole and in order, not cut inside a word: the text reads the same once the line breaks are spaces.
        String words = String.join(" ", help.split("\\s+"));
        assertThat(words).contains(serve.getCommandSpec().usageMessage().description());
        for (Setting<?> setting : Settings.all()) {
            assertThat(lines).contains("  " + setting.label());
            assertThat(words).contains(setting.description()).contains("Default: " + setting.defaultValue());
        }
    }
}
