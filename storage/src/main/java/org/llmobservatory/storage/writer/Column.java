package org.llmobservatory.storage.writer;

import java.util.function.Function;

/** One column of a table a writer fills: its name, its type, and how to read its value from an item. */
record Column<T>(String name, ColumnType type, Function<T, ?> value) {

    static <T> Column<T> of(String name, ColumnType type, Function<T, ?> value) {
        return new Column<>(name, type, value);
    }
}
