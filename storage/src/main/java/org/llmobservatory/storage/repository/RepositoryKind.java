package org.llmobservatory.storage.repository;

import java.util.Locale;

/** Which repository ran a query; the {@code repository} metric label. */
public enum RepositoryKind {
    TRACE, LOG, METRIC;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
