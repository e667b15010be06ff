package org.llmobservatory.storage.writer;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.llmobservatory.storage.columns.TableDescriptor;
import org.llmobservatory.storage.schema.TelemetryTable;

/**
 * How one kind of item maps onto its day-partitioned table: the columns, in order (those of the table's descriptor),
 * the time that picks the partition, how many span events an item carries (for the items-written metric), and what,
 * if anything, is written alongside each batch in its transaction ({@code alongside}, with the {@code identity} that
 * tells the INSERT path which items were new). The COPY and INSERT statements are derived from it, so both paths
 * always write the same columns.
 */
record TableLayout<T>(WriterType writer, TelemetryTable table, List<Column<T>> columns, Function<T, Instant> time,
        ToIntFunction<T> events, ItemIdentity<T> identity, SameTransaction<T> alongside) {

    /** PostgreSQL's limit on bind parameters in one statement. */
    static final int MAX_PARAMETERS = 65_535;

    TableLayout {
        columns = List.copyOf(columns);
    }

    /** A layout of the table {@code descriptor} describes, with nothing written alongside its batches. */
    TableLayout(WriterType writer, TableDescriptor<T, ?> descriptor, Function<T, Instant> time,
            ToIntFunction<T> events) {
        this(writer, descriptor.table(), descriptor.columns().stream().map(Column::<T>of).toList(), time, events,
                null, null);
    }

    /** The same layout, with {@code value} written in each batch's transaction. */
    TableLayout<T> withAlongside(ItemIdentity<T> itemIdentity, SameTransaction<T> value) {
        return new TableLayout<>(writer, table, columns, time, events, itemIdentity, value);
    }

    String copySql() {
        return "COPY " + table.tableName() + " (" + columnList() + ") FROM STDIN (FORMAT binary)";
    }

    /** A multi-row INSERT of {@code rows} rows that skips rows already stored. */
    String insertSql(int rows) {
        String row = columns.stream().map(c -> c.type().placeholder())
                .collect(Collectors.joining(", ", "(", ")"));
        StringBuilder sql = new StringBuilder(64 + rows * (row.length() + 2));
        sql.append("INSERT INTO ").append(table.tableName()).append(" (").append(columnList()).append(") VALUES ");
        for (int i = 0; i < rows; i++) {
            if (i > 0) {
                sql.append(", ");
            }
            sql.append(row);
        }
        return sql.append(" ON CONFLICT DO NOTHING").toString();
    }

    /** The most rows one INSERT can carry without passing the bind-parameter limit. */
    int maxRowsPerInsert() {
        return MAX_PARAMETERS / columns.size();
    }

    private String columnList() {
        return columns.stream().map(Column::name).collect(Collectors.joining(", "));
    }
}
