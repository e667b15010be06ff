package org.llmobservatory.storage.writer;

import java.util.Locale;

/** Which writer did the work; the {@code writer_type} metric label. */
public enum WriterType {
    TRACE, LOG, METRIC;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
