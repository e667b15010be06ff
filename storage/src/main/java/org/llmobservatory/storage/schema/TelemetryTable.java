package org.llmobservatory.storage.schema;

import java.util.List;

/**
 * The day-partitioned tables, the time column each is partitioned on, and the columns that identify a row within a
 * project (its primary key less {@code project_id}).
 */
public enum TelemetryTable {
    SPANS("spans", "start_time", List.of("trace_id", "span_id", "start_time")),
    LOGS("logs", "time", List.of("log_id", "time")),
    METRIC_POINTS("metric_points", "time", List.of("series_id", "time"));

    private final String tableName;
    private final String timeColumn;
    private final List<String> keyColumns;

    TelemetryTable(String tableName, String timeColumn, List<String> keyColumns) {
        this.tableName = tableName;
        this.timeColumn = timeColumn;
        this.keyColumns = keyColumns;
    }

    public String tableName() {
        return tableName;
    }

    public String timeColumn() {
        return timeColumn;
    }

    /** The primary key's columns after {@code project_id}. */
    public List<String> keyColumns() {
        return keyColumns;
    }
}
