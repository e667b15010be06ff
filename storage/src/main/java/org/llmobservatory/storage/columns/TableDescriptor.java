package org.llmobservatory.storage.columns;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.llmobservatory.storage.schema.TelemetryTable;

/**
 * Every column of one telemetry table, in the order the writers write them, and what is derived from them: the
 * select list a query reads items by (whole, or as an outline without the large values), the reading of a row back
 * into an item, and the columns the API shows. The table's migrations must agree with it; a test compares the two.
 *
 * @param <T> the item a row holds
 * @param <B> the builder a row is read back into ({@link Void} for a table whose rows are never read back as items)
 */
public final class TableDescriptor<T, B> {

    private final TelemetryTable table;
    private final List<TableColumn<T, B, ?>> columns;
    private final Supplier<B> newRow;
    private final Function<B, T> build;
    private final String selectList;
    private final String outlineSelectList;
    private final List<TableColumn<T, B, ?>> shown;
    private final List<TableColumn<T, B, ?>> outline;

    /** A table whose rows are read back: each into a {@code newRow()}, then {@code build} makes the item. */
    TableDescriptor(TelemetryTable table, Supplier<B> newRow, Function<B, T> build, List<TableColumn<T, B, ?>> columns) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.newRow = newRow;
        this.build = build;
        if (new HashSet<>(this.columns.stream().map(TableColumn::name).toList()).size() != this.columns.size()) {
            throw new IllegalArgumentException(table.tableName() + " names a column twice");
        }
        List<TableColumn<T, B, ?>> read = this.columns.stream().filter(TableColumn::readBack).toList();
        this.selectList = read.stream().map(c -> c.select(table.tableName())).collect(Collectors.joining(", "));
        this.outlineSelectList = read.stream().map(c -> c.outlineSelect(table.tableName()))
                .collect(Collectors.joining(", "));
        this.shown = this.columns.stream().filter(c -> c.visibility() != TableColumn.Visibility.NEVER).toList();
        this.outline = this.columns.stream().filter(c -> c.visibility() == TableColumn.Visibility.ALWAYS).toList();
    }

    /** A table the service writes but never reads back as items (it reads aggregates of them). */
    static <T> TableDescriptor<T, Void> writeOnly(TelemetryTable table, List<TableColumn<T, Void, ?>> columns) {
        return new TableDescriptor<>(table, null, null, columns);
    }

    public TelemetryTable table() {
        return table;
    }

    /** Every column, in the order the writers write them. */
    public List<TableColumn<T, B, ?>> columns() {
        return columns;
    }

    /** The select list of a query {@code FROM} the table that reads whole items: what {@link #read} reads. */
    public String selectList() {
        return selectList;
    }

    /** Like {@link #selectList()}, but the values shown only whole read as NULL: neither stored value is touched. */
    public String outlineSelectList() {
        return outlineSelectList;
    }

    /** The item in the current row of a query that selected {@link #selectList()} or {@link #outlineSelectList()}. */
    public T read(ResultSet rs) throws SQLException {
        if (newRow == null) {
            throw new IllegalStateException(table.tableName() + " rows are not read back as items");
        }
        B row = newRow.get();
        for (TableColumn<T, B, ?> column : columns) {
            if (column.readBack()) {
                column.read(rs, row);
            }
        }
        return build.apply(row);
    }

    /** The columns the API shows of a whole item, in order. */
    public List<TableColumn<T, B, ?>> shown() {
        return shown;
    }

    /** The columns the API shows of an item in an outline, in order. */
    public List<TableColumn<T, B, ?>> outline() {
        return outline;
    }

    @Override
    public String toString() {
        return "the columns of " + table.tableName();
    }
}
