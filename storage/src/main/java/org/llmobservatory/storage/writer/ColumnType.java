package org.llmobservatory.storage.writer;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.llmobservatory.storage.columns.SqlType;

/**
 * A PostgreSQL column type as both write paths need it: its binary COPY encoding, and how to bind a
 * value of it in a multi-row INSERT. Values are never null here; {@link Column} handles nulls.
 */
enum ColumnType {
    /** Text, written and bound as a string (the default of {@link #copy} and {@link #bind}). */
    TEXT("?"),
    /** The PostgreSQL enum of span kinds: like text, its binary form is the label. */
    SPAN_KIND("?::span_kind"),
    /** The PostgreSQL enum of span status codes. */
    SPAN_STATUS("?::span_status"),
    BYTEA("?::bytea") {
        @Override
        void copy(CopyBuffer out, Object v) {
            byte[] bytes = (byte[]) v;
            out.putInt(bytes.length);
            out.put(bytes, 0, bytes.length);
        }

        @Override
        void bind(PreparedStatement ps, int i, Object v, Connection c) throws SQLException {
            ps.setBytes(i, (byte[]) v);
        }
    },
    JSONB("?::jsonb") {
        @Override
        void copy(CopyBuffer out, Object v) {
            out.jsonb((String) v);
        }

        @Override
        void bind(PreparedStatement ps, int i, Object v, Connection c) throws SQLException {
            ps.setString(i, (String) v);
        }
    },
    INT2("?::int2") {
        @Override
        void copy(CopyBuffer out, Object v) {
            out.putInt(2);
            out.putShort(((Number) v).shortValue());
        }

        @Override
        void bind(PreparedStatement ps, int i, Object v, Connection c) throws SQLException {
            ps.setShort(i, ((Number) v).shortValue());
        }
    },
    INT8("?::int8") {
        @Override
        void copy(CopyBuffer out, Object v) {
            out.putInt(8);
            out.putLong(((Number) v).longValue());
        }

        @Override
        void bind(PreparedStatement ps, int i, Object v, Connection c) throws SQLException {
            ps.setLong(i, ((Number) v).longValue());
        }
    },
    FLOAT8("?::float8") {
        @Override
        void copy(CopyBuffer out, Object v) {
            out.putInt(8);
            out.putLong(Double.doubleToLongBits(((Number) v).doubleValue()));
        }

        @Override
        void bind(PreparedStatement ps, int i, Object v, Connection c) throws SQLException {
            ps.setDouble(i, ((Number) v).doubleValue());
        }
    },
    BOOL("?::bool") {
        @Override
        void copy(CopyBuffer out, Object v) {
            out.putInt(1);
            out.put(new byte[] {(byte) ((Boolean) v ? 1 : 0)}, 0, 1);
        }

        @Override
        void bind(PreparedStatement ps, int i, Object v, Connection c) throws SQLException {
            ps.setBoolean(i, (Boolean) v);
        }
    },
    TIMESTAMPTZ("?::timestamptz") {
        @Override
        void copy(CopyBuffer out, Object v) {
            out.putInt(8);
            out.putLong(postgresMicros((Instant) v));
        }

        @Override
        void bind(PreparedStatement ps, int i, Object v, Connection c) throws SQLException {
            // PostgreSQL would round sub-microsecond digits; COPY truncates them. Both paths must store
            // the same instant, or a span re-sent through the other path escapes the primary key.
            ps.setObject(i, OffsetDateTime.ofInstant(((Instant) v).truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        }
    },
    UUID_TYPE("?::uuid") {
        @Override
        void copy(CopyBuffer out, Object v) {
            UUID u = (UUID) v;
            out.putInt(16);
            out.putLong(u.getMostSignificantBits());
            out.putLong(u.getLeastSignificantBits());
        }

        @Override
        void bind(PreparedStatement ps, int i, Object v, Connection c) throws SQLException {
            ps.setObject(i, v, Types.OTHER);
        }
    },
    NUMERIC("?::numeric") {
        @Override
        void copy(CopyBuffer out, Object v) {
            NumericEncoding.write(out, (BigDecimal) v);
        }

        @Override
        void bind(PreparedStatement ps, int i, Object v, Connection c) throws SQLException {
            ps.setBigDecimal(i, (BigDecimal) v);
        }
    },
    INT8_ARRAY("?::int8[]") {
        @Override
        void copy(CopyBuffer out, Object v) {
            long[] values = (long[]) v;
            arrayHeader(out, values.length, 8, INT8_OID);
            for (long x : values) {
                out.putInt(8);
                out.putLong(x);
            }
        }

        @Override
        void bind(PreparedStatement ps, int i, Object v, Connection c) throws SQLException {
            long[] values = (long[]) v;
            Long[] boxed = new Long[values.length];
            for (int k = 0; k < values.length; k++) {
                boxed[k] = values[k];
            }
            ps.setArray(i, c.createArrayOf("int8", boxed));
        }
    },
    FLOAT8_ARRAY("?::float8[]") {
        @Override
        void copy(CopyBuffer out, Object v) {
            double[] values = (double[]) v;
            arrayHeader(out, values.length, 8, FLOAT8_OID);
            for (double x : values) {
                out.putInt(8);
                out.putLong(Double.doubleToLongBits(x));
            }
        }

        @Override
        void bind(PreparedStatement ps, int i, Object v, Connection c) throws SQLException {
            double[] values = (double[]) v;
            Double[] boxed = new Double[values.length];
            for (int k = 0; k < values.length; k++) {
                boxed[k] = values[k];
            }
            ps.setArray(i, c.createArrayOf("float8", boxed));
        }
    };

    private static final int INT8_OID = 20;
    private static final int FLOAT8_OID = 701;
    /** Microseconds between 1970-01-01 and PostgreSQL's epoch, 2000-01-01 (UTC). */
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

    private final String placeholder;

    ColumnType(String placeholder) {
        this.placeholder = placeholder;
    }

    /** How the writers write a column of type {@code type}. */
    static ColumnType of(SqlType type) {
        return switch (type) {
            case TEXT -> TEXT;
            case SPAN_KIND -> SPAN_KIND;
            case SPAN_STATUS -> SPAN_STATUS;
            case BYTEA -> BYTEA;
            case JSONB -> JSONB;
            case INT2 -> INT2;
            case INT8 -> INT8;
            case FLOAT8 -> FLOAT8;
            case BOOL -> BOOL;
            case TIMESTAMPTZ -> TIMESTAMPTZ;
            case UUID -> UUID_TYPE;
            case NUMERIC -> NUMERIC;
            case INT8_ARRAY -> INT8_ARRAY;
            case FLOAT8_ARRAY -> FLOAT8_ARRAY;
        };
    }

    /**
     * The bind marker in an INSERT. Every non-text marker carries a cast: in a multi-row VALUES list
     * PostgreSQL would otherwise type a column of untyped NULLs as text and refuse the insert.
     */
    String placeholder() {
        return placeholder;
    }

    /** Appends {@code value} in PostgreSQL's binary COPY form; as text unless the type says otherwise. */
    void copy(CopyBuffer out, Object value) {
        out.text((String) value);
    }

    /** Binds {@code value} to parameter {@code index} of a multi-row INSERT; as a string unless the type says otherwise. */
    void bind(PreparedStatement ps, int index, Object value, Connection connection) throws SQLException {
        ps.setString(index, (String) value);
    }

    /** Microseconds since 2000-01-01, truncating any finer digits (as the INSERT path does too). */
    static long postgresMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000)
                - POSTGRES_EPOCH_MICROS;
    }

    private static void arrayHeader(CopyBuffer out, int length, int elementSize, int elementOid) {
        if (length == 0) {
            out.putInt(12);
            out.putInt(0); // dimensions
            out.putInt(0); // has nulls
            out.putInt(elementOid);
            return;
        }
        out.putInt(20 + length * (4 + elementSize));
        out.putInt(1); // dimensions
        out.putInt(0); // has nulls
        out.putInt(elementOid);
        out.putInt(length);
        out.putInt(1); // lower bound
    }
}
