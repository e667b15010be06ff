package org.llmobservatory.storage.writer;

import java.util.function.Function;
import org.llmobservatory.storage.columns.ColumnValue;
import org.llmobservatory.storage.columns.TableColumn;

/** One column of a table a writer fills: its name, its type, and how to read its value from an item. */
record Column<T>(String name, ColumnType type, Function<T, ?> value) {

    /**
     * The writer's side of a described column. A span's resource is written as its key, {@link SpanResources#id};
     * the resource itself goes to {@code span_resources} in the batch's transaction.
     */
    static <T> Column<T> of(TableColumn<T, ?, ?> column) {
        Function<T, ?> get = column.get();
        Function<T, ?> value = column.value() == ColumnValue.RESOURCE
                ? item -> SpanResources.id((String) get.apply(item))
                : column.stored();
        return new Column<>(column.name(), ColumnType.of(column.sqlType()), value);
    }
}
