package org.llmobservatory.storage.columns;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One column of a telemetry table: its name, the kind of value it holds, how that value is read from an item
 * ({@code get}), how a row read back gives it to the item's builder ({@code set}), and whether the API shows it.
 * The writers' COPY and INSERT, a query's select list and row reader, and the API's JSON all derive what they need
 * of a column from this.
 *
 * @param label the name a query reads the value back by
 * @param field the name the API shows the value by: {@code label} in camelCase, as the model names it
 * @param set null for a value the model computes (written and shown, never read back)
 * @param <T> the item: a span, a log record, a metric point
 * @param <B> the builder a row is read back into
 * @param <V> the model's type of the value
 */
public record TableColumn<T, B, V>(String name, String label, String field, ColumnValue<V> value, Function<T, V> get,
        BiConsumer<B, V> set, Visibility visibility) {

    /** Where the API shows a column. */
    public enum Visibility {
        /** Whenever it shows the item. */
        ALWAYS,
        /** Only when it shows the item whole: a large value, left out of an outline (and not read for one). */
        WHOLE_ONLY,
        /** Never. */
        NEVER
    }

    /** A column read back under its own name and shown always. */
    static <T, B, V> TableColumn<T, B, V> column(String name, ColumnValue<V> value, Function<T, V> get,
            BiConsumer<B, V> set) {
        if (set != null && !value.readable()) {
            throw new IllegalArgumentException(name + ": a " + value.sqlType() + " column is not read back");
        }
        return new TableColumn<>(name, name, camelCase(name), value, get, set, Visibility.ALWAYS);
    }

    /** A column of a value the model computes from others: written and shown, never read back. */
    static <T, B, V> TableColumn<T, B, V> written(String name, ColumnValue<V> value, Function<T, V> get) {
        return column(name, value, get, null);
    }

    /** The same column, shown only when the item is shown whole. */
    TableColumn<T, B, V> large() {
        return new TableColumn<>(name, label, field, value, get, set, Visibility.WHOLE_ONLY);
    }

    /** The same column, never shown. */
    TableColumn<T, B, V> hidden() {
        return new TableColumn<>(name, label, field, value, get, set, Visibility.NEVER);
    }

    /** The same column, read back (and shown) under another name. */
    TableColumn<T, B, V> readAs(String otherLabel) {
        return new TableColumn<>(name, otherLabel, camelCase(otherLabel), value, get, set, visibility);
    }

    public SqlType sqlType() {
        return value.sqlType();
    }

    /** The value of an item as the table stores it, or null. */
    public Function<T, ?> stored() {
        return value.stored(get);
    }

    /** The value of {@code item} as the API shows it, or null when the item has none. */
    public Object shown(T item) {
        V v = get.apply(item);
        return v == null ? null : value.shown(v);
    }

    boolean readBack() {
        return set != null;
    }

    /** The expression a query of {@code table} selects the column by. */
    String select(String table) {
        return value.select(table, name, label);
    }

    /** The expression an outline selects the column by: NULL for a value shown only whole. */
    String outlineSelect(String table) {
        return visibility == Visibility.WHOLE_ONLY ? "NULL AS " + label : select(table);
    }

    /** Gives the column's value in the current row of {@code rs} to {@code row}. */
    void read(ResultSet rs, B row) throws SQLException {
        set.accept(row, value.read(rs, label));
    }

    private static String camelCase(String name) {
        StringBuilder field = new StringBuilder(name.length());
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                field.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return field.toString();
    }
}
