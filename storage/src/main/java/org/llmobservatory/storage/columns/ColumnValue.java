package org.llmobservatory.storage.columns;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.function.Function;
import org.llmobservatory.storage.model.SpanIds;
import org.llmobservatory.storage.model.SpanKind;
import org.llmobservatory.storage.model.StatusCode;

/**
 * The kind of value a column holds, as the model has it ({@code V}): the column's SQL type, the form it is stored
 * in, how a query selects it and reads it back, and how the API shows it. Null is null throughout: the functions
 * here are given values only.
 *
 * @param <V> the model's type of the value
 */
public final class ColumnValue<V> {

    public static final ColumnValue<String> TEXT = new ColumnValue<>(SqlType.TEXT, null, ResultSet::getString, null);
    /** A span or trace id: lower-case hex in the model and the API, its bytes in the table ({@link SpanIds}). */
    public static final ColumnValue<String> SPAN_ID = new ColumnValue<>(SqlType.BYTEA, SpanIds::bytes,
            (rs, label) -> SpanIds.hex(rs.getBytes(label)), null);
    public static final ColumnValue<SpanKind> SPAN_KIND = new ColumnValue<>(SqlType.SPAN_KIND, SpanKind::dbValue,
            (rs, label) -> fromDb(rs.getString(label), SpanKind::fromDb), SpanKind::dbValue);
    public static final ColumnValue<StatusCode> SPAN_STATUS = new ColumnValue<>(SqlType.SPAN_STATUS,
            StatusCode::dbValue, (rs, label) -> fromDb(rs.getString(label), StatusCode::fromDb), StatusCode::dbValue);
    public static final ColumnValue<Instant> TIME = new ColumnValue<>(SqlType.TIMESTAMPTZ, null, ColumnValue::instant,
            null);
    public static final ColumnValue<Integer> SMALLINT = new ColumnValue<>(SqlType.INT2, null,
            (rs, label) -> rs.getObject(label, Integer.class), null);
    public static final ColumnValue<Long> BIGINT = new ColumnValue<>(SqlType.INT8, null,
            (rs, label) -> rs.getObject(label, Long.class), null);
    public static final ColumnValue<Double> DOUBLE = new ColumnValue<>(SqlType.FLOAT8, null,
            (rs, label) -> rs.getObject(label, Double.class), null);
    public static final ColumnValue<BigDecimal> NUMERIC = new ColumnValue<>(SqlType.NUMERIC, null,
            ResultSet::getBigDecimal, null);
    public static final ColumnValue<Boolean> BOOLEAN = new ColumnValue<>(SqlType.BOOL, null,
            (rs, label) -> rs.getObject(label, Boolean.class), null);
    public static final ColumnValue<java.util.UUID> UUID = new ColumnValue<>(SqlType.UUID, null,
            (rs, label) -> rs.getObject(label, java.util.UUID.class), null);
    /** JSON text: selected as text, and embedded in the API's JSON as it is rather than quoted. */
    public static final ColumnValue<String> JSON = new ColumnValue<>(SqlType.JSONB, null, ResultSet::getString, null,
            "%2$s::text", true);
    /**
     * A span's resource as JSON text, kept once per project in {@code span_resources}: the column holds its key
     * ({@code resource_id}), which the writer computes and stores the resource with; a query reads the resource back
     * through the key. Embedded in the API's JSON as it is.
     */
    public static final ColumnValue<String> RESOURCE = new ColumnValue<>(SqlType.INT8, ColumnValue::keyedByWriter,
            ResultSet::getString, null, "(SELECT r.attributes::text FROM span_resources r"
                    + " WHERE r.project_id = %1$s.project_id AND r.resource_id = %1$s.%2$s)", true);
    /** Written only: no query reads an array column back. */
    public static final ColumnValue<long[]> BIGINT_ARRAY = new ColumnValue<>(SqlType.INT8_ARRAY, null, null, null);
    /** Written only: no query reads an array column back. */
    public static final ColumnValue<double[]> DOUBLE_ARRAY = new ColumnValue<>(SqlType.FLOAT8_ARRAY, null, null,
            null);

    /** Reads a value from the current row of a result, by its column label; null for SQL NULL. */
    @FunctionalInterface
    interface Reader<V> {
        V read(ResultSet rs, String label) throws SQLException;
    }

    private final SqlType sqlType;
    private final Function<V, ?> stored;
    private final Reader<V> reader;
    private final Function<V, ?> shown;
    private final String selected;
    private final boolean embedded;

    private ColumnValue(SqlType sqlType, Function<V, ?> stored, Reader<V> reader, Function<V, ?> shown) {
        this(sqlType, stored, reader, shown, "%2$s", false);
    }

    /**
     * {@code stored} and {@code shown} null for the model's value itself; {@code selected} the expression a query
     * selects, with the table's name as {@code %1$s} and the column's as {@code %2$s}.
     */
    private ColumnValue(SqlType sqlType, Function<V, ?> stored, Reader<V> reader, Function<V, ?> shown,
            String selected, boolean embedded) {
        this.sqlType = sqlType;
        this.stored = stored;
        this.reader = reader;
        this.shown = shown;
        this.selected = selected;
        this.embedded = embedded;
    }

    public SqlType sqlType() {
        return sqlType;
    }

    /** Whether the API embeds the value (JSON text) as it is rather than as a quoted string. */
    public boolean embedded() {
        return embedded;
    }

    /** The stored form of the values {@code get} gives: {@code get} itself when the model's value is stored as it is. */
    <T> Function<T, ?> stored(Function<T, V> get) {
        if (stored == null) {
            return get;
        }
        return item -> {
            V value = get.apply(item);
            return value == null ? null : stored.apply(value);
        };
    }

    /** The expression a query selects column {@code column} of table {@code table} by, named {@code label}. */
    String select(String table, String column, String label) {
        String expression = selected.formatted(table, column);
        return expression.equals(label) ? expression : expression + " AS " + label;
    }

    boolean readable() {
        return reader != null;
    }

    V read(ResultSet rs, String label) throws SQLException {
        return reader.read(rs, label);
    }

    /** The value as the API shows it; never null for a value that is not. */
    Object shown(V value) {
        return shown == null ? value : shown.apply(value);
    }

    /** The instant of a {@code timestamptz} column; null for SQL NULL. */
    public static Instant instant(ResultSet rs, String label) throws SQLException {
        OffsetDateTime t = rs.getObject(label, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Object keyedByWriter(String resource) {
        throw new UnsupportedOperationException("a resource is stored by the writer, which writes its key here");
    }

    private static <E> E fromDb(String text, Function<String, E> parse) {
        return text == null ? null : parse.apply(text);
    }
}
