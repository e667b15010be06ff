package org.llmobservatory.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.UUID;
import org.llmobservatory.storage.model.LogRecord;

/** A log record as the API shows it, attributes embedded as JSON. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record LogJson(
        UUID logId,
        Instant time,
        Instant observedTime,
        int severityNumber,
        String severityText,
        String body,
        String serviceName,
        String traceId,
        String spanId,
        @JsonRawValue String attributes,
        @JsonRawValue String resourceAttributes) {

    static LogJson of(LogRecord r) {
        return new LogJson(r.logId(), r.time(), r.observedTime(), r.severityNumber(), r.severityText(), r.body(),
                r.serviceName(), r.traceId(), r.spanId(), r.attributes(), r.resourceAttributes());
    }
}
