package org.llmobservatory.storage.query;

import java.util.Locale;

/**
 * Which part of the storage ran a statement; the {@code repository} metric label. The query API reads through
 * {@link #TRACE}, {@link #LOG} and {@link #METRIC}; the others are the storage's own statements: API keys and the
 * access mode ({@link #AUTH}), the price table ({@link #COST}), partitions, table sizes and project moves
 * ({@link #SCHEMA}).
 */
public enum RepositoryKind {
    TRACE, LOG, METRIC, AUTH, COST, SCHEMA;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
