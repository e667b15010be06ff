package org.llmobservatory.server.api;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a log severity as an OpenTelemetry severity number (0 to 24) or as a name: TRACE 1, DEBUG 5,
 * INFO 9, WARN 13, ERROR 17, FATAL 21, each optionally followed by 2 to 4 ({@code ERROR2} is 18).
 */
final class Severities {

    private static final Pattern NAME = Pattern.compile("(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL)([1-4])?");

    private Severities() {
    }

    static int parse(String name, String value) {
        String upper = value.strip().toUpperCase(Locale.ROOT);
        if (upper.chars().allMatch(Character::isDigit) && !upper.isEmpty() && upper.length() <= 2) {
            int number = Integer.parseInt(upper);
            if (number <= 24) {
                return number;
            }
        }
        Matcher m = NAME.matcher(upper);
        if (!m.matches()) {
            throw new IllegalArgumentException(name + " must be a severity number from 0 to 24 or one of TRACE, "
                    + "DEBUG, INFO, WARN, ERROR, FATAL (optionally with 2 to 4, as in ERROR2), got '" + value + "'");
        }
        int base = switch (m.group(1)) {
            case "TRACE" -> 1;
            case "DEBUG" -> 5;
            case "INFO" -> 9;
            case "WARN", "WARNING" -> 13;
            case "ERROR" -> 17;
            default -> 21;
        };
        return base + (m.group(2) == null ? 0 : Integer.parseInt(m.group(2)) - 1);
    }
}
