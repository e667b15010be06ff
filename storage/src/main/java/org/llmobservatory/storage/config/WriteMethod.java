package org.llmobservatory.storage.config;

/** How a writer moves a batch into PostgreSQL. */
public enum WriteMethod {
    /** Binary COPY for batches at or above the COPY threshold, multi-row INSERT below it. */
    AUTO,
    /** Always binary COPY. */
    COPY,
    /** Always multi-row INSERT ... ON CONFLICT DO NOTHING. */
    INSERT
}
