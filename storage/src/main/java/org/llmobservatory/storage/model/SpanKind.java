package org.llmobservatory.storage.model;

import java.util.Locale;

/** The OpenTelemetry span kind, stored in lower case. */
public enum SpanKind {
    UNSPECIFIED, INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SpanKind fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
