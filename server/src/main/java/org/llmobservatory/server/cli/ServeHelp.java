package org.llmobservatory.server.cli;

import java.util.ArrayList;
import java.util.List;
import org.llmobservatory.server.config.Setting;
import org.llmobservatory.server.config.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The settings section of {@code serve --help}: every setting of {@link Settings}, group by group, each as its name
 * on a line, then its description and default wrapped under it to the help width, breaking lines between words.
 */
final class SettingsHelp implements CommandLine.IHelpSectionRenderer {

    static final String SECTION_KEY = "settings";

    private static final String HEADING = "Settings, from environment variables (unset ones take their default):";
    private static final String NAME_INDENT = "  ";
    private static final String TEXT_INDENT = "      ";

    /** Adds the section to a command's help, before its footer. */
    static void addTo(UsageMessageSpec usage) {
        List<String> keys = new ArrayList<>(usage.sectionKeys());
        if (!keys.contains(SECTION_KEY)) {
            keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), SECTION_KEY);
            usage.sectionKeys(keys);
        }
        usage.sectionMap().put(SECTION_KEY, new SettingsHelp());
    }

    @Override
    public String render(CommandLine.Help help) {
        int width = help.commandSpec().usageMessage().width();
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.addAll(wrap(HEADING, "", width));
        for (Settings.Group group : Settings.GROUPS) {
            lines.add("");
            lines.addAll(wrap(group.title() + ":", "", width));
            for (Setting setting : group.settings()) {
                lines.addAll(wrap(setting.label(), NAME_INDENT, width));
                lines.addAll(wrap(setting.description(), TEXT_INDENT, width));
                lines.addAll(wrap("Default: " + setting.defaultValue(), TEXT_INDENT, width));
            }
        }
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    /**
     * Breaks {@code text} into lines of at most {@code width} characters, each starting with {@code indent}, at
     * spaces only; a word longer than a whole line gets a line of its own rather than being cut.
     */
    static List<String> wrap(String text, String indent, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.strip().split(" +")) {
            boolean empty = line.length() == indent.length();
            if (!empty && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
                line.append(indent);
                empty = true;
            }
            line.append(empty ? "" : " ").append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
