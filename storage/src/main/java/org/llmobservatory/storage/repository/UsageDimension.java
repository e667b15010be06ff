package org.llmobservatory.storage.repository;

/** What usage is grouped by; each maps to one fixed span column. */
public enum UsageDimension {
    MODEL("model"),
    PROVIDER("provider"),
    SERVICE("service_name"),
    USER("user_id");

    private final String column;

    UsageDimension(String column) {
        this.column = column;
    }

    /** The span column, a constant chosen here and never taken from input. */
    String column() {
        return column;
    }

    /** Parses {@code model}, {@code provider}, {@code service} or {@code user} in any case. */
    public static UsageDimension parse(String value) {
        return Enums.parse(UsageDimension.class, "usage dimension", value);
    }
}
