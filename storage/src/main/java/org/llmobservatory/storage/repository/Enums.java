package org.llmobservatory.storage.repository;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parses the query enums from request text, naming the allowed values when the text is not one. */
final class Enums {

    private Enums() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String what, String value) {
        E[] constants = type.getEnumConstants();
        if (value != null) {
            for (E e : constants) {
                if (e.name().equalsIgnoreCase(value.trim())) {
                    return e;
                }
            }
        }
        String choices = Arrays.stream(constants).map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        throw new IllegalArgumentException("unknown " + what + " '" + value + "'; expected one of: " + choices);
    }
}
