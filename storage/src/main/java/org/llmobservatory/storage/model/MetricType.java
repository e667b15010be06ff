package org.llmobservatory.storage.model;

import java.util.Locale;

/** The OpenTelemetry metric data point kinds we store. */
public enum MetricType {
    GAUGE, SUM, HISTOGRAM, EXPONENTIAL_HISTOGRAM, SUMMARY;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MetricType fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
