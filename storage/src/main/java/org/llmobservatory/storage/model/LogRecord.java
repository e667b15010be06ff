package org.llmobservatory.storage.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One stored log record, shaped after the OpenTelemetry log data model. Log records carry no id of
 * their own, so {@link #fingerprint} derives one from their content: the same record sent twice is
 * stored once.
 *
 * @param severityNumber OpenTelemetry severity, 1 (TRACE) to 24 (FATAL4); 0 when unspecified
 */
public record LogRecord(
        String projectId,
        UUID logId,
        Instant time,
        Instant observedTime,
        int severityNumber,
        String severityText,
        String body,
        String serviceName,
        String traceId,
        String spanId,
        String attributes,
        String resourceAttributes) {

    public LogRecord {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(time, "time");
        if (severityNumber < 0 || severityNumber > 24) {
            throw new IllegalArgumentException("severityNumber must be between 0 and 24, got " + severityNumber);
        }
        attributes = attributes == null ? "{}" : attributes;
        resourceAttributes = resourceAttributes == null ? "{}" : resourceAttributes;
        if (logId == null) {
            logId = fingerprint(projectId, time, observedTime, severityNumber, severityText, body, serviceName,
                    traceId, spanId, attributes, resourceAttributes);
        }
    }

    /** A record whose id is derived from its content. */
    public static LogRecord of(String projectId, Instant time, int severityNumber, String severityText, String body,
            String serviceName, String traceId, String spanId, String attributes, String resourceAttributes) {
        return new LogRecord(projectId, null, time, null, severityNumber, severityText, body, serviceName, traceId,
                spanId, attributes, resourceAttributes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a record field by field; project and time are required, the id is derived when none is given. */
    public static final class Builder {
        private String projectId;
        private UUID logId;
        private Instant time;
        private Instant observedTime;
        private int severityNumber;
        private String severityText;
        private String body;
        private String serviceName;
        private String traceId;
        private String spanId;
        private String attributes;
        private String resourceAttributes;

        private Builder() {
        }

        public Builder projectId(String v) { projectId = v; return this; }
        public Builder logId(UUID v) { logId = v; return this; }
        public Builder time(Instant v) { time = v; return this; }
        public Builder observedTime(Instant v) { observedTime = v; return this; }
        public Builder severityNumber(int v) { severityNumber = v; return this; }
        public Builder severityText(String v) { severityText = v; return this; }
        public Builder body(String v) { body = v; return this; }
        public Builder serviceName(String v) { serviceName = v; return this; }
        public Builder traceId(String v) { traceId = v; return this; }
        public Builder spanId(String v) { spanId = v; return this; }
        public Builder attributes(String v) { attributes = v; return this; }
        public Builder resourceAttributes(String v) { resourceAttributes = v; return this; }

        public LogRecord build() {
            return new LogRecord(projectId, logId, time, observedTime, severityNumber, severityText, body, serviceName,
                    traceId, spanId, attributes, resourceAttributes);
        }
    }

    /** A name-based UUID over every field, so identical records collapse into one row. */
    static UUID fingerprint(Object... fields) {
        StringBuilder sb = new StringBuilder(256);
        for (Object f : fields) {
            // The unit separator cannot be confused with field content boundaries in practice, and a
            // null is written differently from an empty string.
            sb.append(f == null ? "\u0000" : f.toString()).append('\u001f');
        }
        return UUID.nameUUIDFromBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
