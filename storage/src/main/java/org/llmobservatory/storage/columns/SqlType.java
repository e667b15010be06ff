package org.llmobservatory.storage.columns;

/**
 * The PostgreSQL types of the telemetry tables' columns, each with its name in the catalog
 * ({@code information_schema.columns.udt_name}). The writers map each to its binary COPY encoding.
 */
public enum SqlType {
    TEXT("text"),
    /** The enum of span kinds (V8). */
    SPAN_KIND("span_kind"),
    /** The enum of span status codes (V8). */
    SPAN_STATUS("span_status"),
    BYTEA("bytea"),
    JSONB("jsonb"),
    INT2("int2"),
    INT8("int8"),
    FLOAT8("float8"),
    BOOL("bool"),
    TIMESTAMPTZ("timestamptz"),
    UUID("uuid"),
    NUMERIC("numeric"),
    INT8_ARRAY("_int8"),
    FLOAT8_ARRAY("_float8");

    private final String udtName;

    SqlType(String udtName) {
        this.udtName = udtName;
    }

    /** The type's name as {@code information_schema.columns.udt_name} gives it. */
    public String udtName() {
        return udtName;
    }
}
