package org.llmobservatory.storage.model;

import java.util.Locale;

/** The OpenTelemetry span status, stored in lower case. */
public enum StatusCode {
    UNSET, OK, ERROR;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code unset}, {@code ok} or {@code error} in any case. */
    public static StatusCode fromDb(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status must be one of unset, ok, error; got: " + value);
        }
    }
}
