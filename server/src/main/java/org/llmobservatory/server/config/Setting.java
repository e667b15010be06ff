package org.llmobservatory.server.config;

import java.util.List;
import java.util.stream.Stream;

/**
 * One environment variable of the service, described for people: {@code serve --help} and the README's settings
 * table show these words.
 *
 * @param name         the variable, {@code OBSERVATORY_...}
 * @param aliases      other variables read when {@code name} is unset (DATABASE_URL, as hosting platforms set it)
 * @param defaultValue what applies when the variable is unset, as a user reads it ("9090", "from the URL")
 * @param description  what the variable sets, as plain text
 */
public record Setting(String name, List<String> aliases, String defaultValue, String description) {

    public Setting {
        aliases = List.copyOf(aliases);
    }

    /** A setting with no alias; {@code defaultValue} is shown as its {@code String.valueOf}. */
    public Setting(String name, Object defaultValue, String description) {
        this(name, List.of(), String.valueOf(defaultValue), description);
    }

    /** This setting, also read from {@code alias} when {@code name} is unset. */
    public Setting or(String alias) {
        return new Setting(name, Stream.concat(aliases.stream(), Stream.of(alias)).toList(), defaultValue,
                description);
    }

    /** The name with its aliases, as the README and the help show it: {@code OBSERVATORY_REDIS_URL (or REDIS_URL)}. */
    public String label() {
        StringBuilder label = new StringBuilder(name);
        aliases.forEach(alias -> label.append(" (or ").append(alias).append(')'));
        return label.toString();
    }
}
