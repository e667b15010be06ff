package org.llmobservatory.server.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One environment variable of the service: its name, what applies when it is unset, how its text becomes a value,
 * and the words {@code serve --help} and the README's settings table show for it. {@link #read(Map)} is the only
 * place a variable's text is looked up.
 *
 * @param <T> the value the variable's text becomes
 */
public final class Setting<T> {

    /** Turns a variable's text (stripped, never blank) into a value, or refuses it naming the variable. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(String name, String value);
    }

    private final String name;
    private final List<String> aliases;
    private final T fallback;
    private final String defaultValue;
    private final String description;
    private final Reader<T> reader;
    private final boolean blankIsUnset;

    private Setting(String name, List<String> aliases, T fallback, String defaultValue, String description,
            Reader<T> reader, boolean blankIsUnset) {
        this.name = name;
        this.aliases = List.copyOf(aliases);
        this.fallback = fallback;
        this.defaultValue = defaultValue;
        this.description = description;
        this.reader = reader;
        this.blankIsUnset = blankIsUnset;
    }

    /**
     * A setting read by {@code reader}; {@code fallback} applies when it is unset or blank, and is shown as
     * {@code defaultValue}.
     */
    public static <T> Setting<T> of(String name, T fallback, String defaultValue, String description,
            Reader<T> reader) {
        return new Setting<>(name, List.of(), fallback, defaultValue, description, reader, true);
    }

    /** A setting whose default is shown as the fallback's {@code String.valueOf}. */
    public static <T> Setting<T> of(String name, T fallback, String description, Reader<T> reader) {
        return of(name, fallback, String.valueOf(fallback), description, reader);
    }

    /** Free text, empty when unset. */
    public static Setting<Optional<String>> text(String name, String defaultValue, String description) {
        return of(name, Optional.empty(), defaultValue, description, (n, value) -> Optional.of(value));
    }

    /** A whole number of at least {@code min}. */
    public static Setting<Integer> atLeast(String name, int fallback, int min, String description) {
        return of(name, fallback, description, (n, value) -> wholeAtLeast(n, value, min));
    }

    /** A whole number of milliseconds of at least {@code min}. */
    public static Setting<Duration> millisAtLeast(String name, Duration fallback, int min, String description) {
        return of(name, fallback, String.valueOf(fallback.toMillis()), description,
                (n, value) -> Duration.ofMillis(wholeAtLeast(n, value, min)));
    }

    /** A number of milliseconds; the value's own bounds are checked by the configuration that holds it. */
    public static Setting<Duration> millis(String name, Duration fallback, String description) {
        return of(name, fallback, String.valueOf(fallback.toMillis()), description,
                (n, value) -> Duration.ofMillis(parse(n, value, "a number of milliseconds")));
    }

    /** A whole number of days of at least one. */
    public static Setting<Duration> days(String name, Duration fallback, String description) {
        return of(name, fallback, String.valueOf(fallback.toDays()), description,
                (n, value) -> Duration.ofDays(wholeAtLeast(n, value, 1)));
    }

    /** This setting, also read from {@code alias} when {@code name} is unset. */
    public Setting<T> or(String alias) {
        return new Setting<>(name, Stream.concat(aliases.stream(), Stream.of(alias)).toList(), fallback,
                defaultValue, description, reader, blankIsUnset);
    }

    /** This setting, with a blank value handed to its reader rather than taken for unset. */
    public Setting<T> blankIsAValue() {
        return new Setting<>(name, aliases, fallback, defaultValue, description, reader, false);
    }

    /**
     * The value of this setting in {@code environment}: the first of its name and aliases that is set, read by its
     * reader; the fallback when none is.
     *
     * @throws IllegalArgumentException naming the variable and what it accepts when the text is wrong
     */
    public T read(Map<String, String> environment) {
        for (String variable : names()) {
            String value = environment.get(variable);
            if (value != null && !(blankIsUnset && value.isBlank())) {
                return reader.read(name, blankIsUnset ? value.strip() : value);
            }
        }
        return fallback;
    }

    /** The refusal every reader gives: {@code NAME must be <what>, got: <value>}. */
    public static IllegalArgumentException refused(String name, String what, String value) {
        return new IllegalArgumentException(name + " must be " + what + ", got: " + value);
    }

    /** The name, then the aliases, in the order they are read. */
    public List<String> names() {
        return Stream.concat(Stream.of(name), aliases.stream()).toList();
    }

    public String name() {
        return name;
    }

    public List<String> aliases() {
        return aliases;
    }

    /** What applies when the variable is unset. */
    public T fallback() {
        return fallback;
    }

    /** The default as a user reads it ("9090", "from the URL"). */
    public String defaultValue() {
        return defaultValue;
    }

    /** What the variable sets, as plain text. */
    public String description() {
        return description;
    }

    /** The name with its aliases, as the README and the help show it: {@code OBSERVATORY_REDIS_URL (or REDIS_URL)}. */
    public String label() {
        StringBuilder label = new StringBuilder(name);
        aliases.forEach(alias -> label.append(" (or ").append(alias).append(')'));
        return label.toString();
    }

    @Override
    public String toString() {
        return name;
    }

    private static int wholeAtLeast(String name, String value, int min) {
        long parsed = parse(name, value, "a whole number");
        if (parsed < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got: " + value);
        }
        if (parsed > Integer.MAX_VALUE) {
            throw refused(name, "at most " + Integer.MAX_VALUE, value);
        }
        return (int) parsed;
    }

    private static long parse(String name, String value, String what) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw refused(name, what, value);
        }
    }
}
