package org.llmobservatory.server.cli;

import java.util.ArrayList;
import java.util.List;
import org.llmobservatory.server.config.Setting;
import org.llmobservatory.server.config.Settings;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The prose of {@code serve --help}, wrapped to the help width at spaces only (picocli's own wrapping may cut a
 * path such as ./data after its dot): the command's description, and a section listing every setting of
 * {@link Settings}, group by group, each as its name on a line with its description and default under it.
 */
final class ServeHelp {

    static final String SETTINGS_SECTION = "settings";

    private static final String HEADING = "Settings, from environment variables (unset ones take their default):";
    private static final String NAME_INDENT = "  ";
    private static final String TEXT_INDENT = "      ";

    private ServeHelp() {
    }

    /** Renders the description here, and adds the settings before the footer. */
    static void addTo(UsageMessageSpec usage) {
        List<String> keys = new ArrayList<>(usage.sectionKeys());
        if (!keys.contains(SETTINGS_SECTION)) {
            keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), SETTINGS_SECTION);
            usage.sectionKeys(keys);
        }
        usage.sectionMap().put(UsageMessageSpec.SECTION_KEY_DESCRIPTION, ServeHelp::description);
        usage.sectionMap().put(SETTINGS_SECTION, ServeHelp::settings);
    }

    static String description(Help help) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : help.commandSpec().usageMessage().description()) {
            lines.addAll(wrap(paragraph, "", width(help)));
        }
        return join(lines);
    }

    static String settings(Help help) {
        int width = width(help);
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
        return join(lines);
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

    private static int width(Help help) {
        return help.commandSpec().usageMessage().width();
    }

    private static String join(List<String> lines) {
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }
}
