package org.llmobservatory.storage.schema;

/** The day-partitioned tables and the time column each is partitioned on. */
public enum TelemetryTable {
    SPANS("spans", "start_time"),
    LOGS("logs", "time"),
    METRIC_POINTS("metric_points", "time");

    private final String tableName;
    private final String timeColumn;

    TelemetryTable(String tableName, String timeColumn) {
        this.tableName = tableName;
        this.timeColumn = timeColumn;
    }

    public String tableName() {
        return tableName;
    }

    public String timeColumn() {
        return timeColumn;
    }
}
