package org.llmobservatory.server.mapping;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.llmobservatory.server.redaction.Redaction;
import org.llmobservatory.server.values.AttributeJson;
import org.llmobservatory.server.values.Attributes;
import org.llmobservatory.server.values.ContentLimits;
import org.llmobservatory.server.values.Ids;
import org.llmobservatory.server.values.Rejected;
import org.llmobservatory.server.values.Text;
import org.llmobservatory.server.values.UnixNanos;
import org.llmobservatory.storage.model.LogRecord;

/**
 * Turns an OTLP logs export request into storable log records. The record's time is its
 * {@code timeUnixNano}, else its {@code observedTimeUnixNano}, else the time it was received; a body
 * that is not a string is stored as JSON. A record that cannot be stored is rejected alone.
 */
public final class LogMapper {

    private static final int MAX_SEVERITY = 24;

    private final ContentLimits limits;
    private final TimeWindow window;
    private final Clock clock;
    private final Redaction redaction;

    /** Default limits and time window, against the system clock; bodies stored as sent. */
    public LogMapper() {
        this(ContentLimits.DEFAULT, TimeWindow.DEFAULT, Clock.systemUTC());
    }

    public LogMapper(ContentLimits limits, TimeWindow window, Clock clock) {
        this(limits, window, clock, Redaction.off());
    }

    /** As above, with {@code redaction} applied to each record's body. */
    public LogMapper(ContentLimits limits, TimeWindow window, Clock clock, Redaction redaction) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.window = Objects.requireNonNull(window, "window");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.redaction = Objects.requireNonNull(redaction, "redaction");
    }

    public MappedLogs map(String projectId, ExportLogsServiceRequest request) {
        Objects.requireNonNull(projectId, "projectId");
        Instant now = clock.instant();
        List<LogRecord> logs = new ArrayList<>();
        List<ItemRejection> rejected = new ArrayList<>();
        for (int r = 0; r < request.getResourceLogsCount(); r++) {
            ResourceLogs resourceLogs = request.getResourceLogs(r);
            ResourceContext resource = ResourceContext.of(resourceLogs.getResource(), limits);
            for (int s = 0; s < resourceLogs.getScopeLogsCount(); s++) {
                ScopeLogs scopeLogs = resourceLogs.getScopeLogs(s);
                Map<String, String> scope = ResourceContext.scope(scopeLogs.getScope());
                for (int i = 0; i < scopeLogs.getLogRecordsCount(); i++) {
                    try {
                        logs.add(redaction.apply(map(projectId, scopeLogs.getLogRecords(i), resource, scope, now)));
                    } catch (Rejected e) {
                        rejected.add(new ItemRejection(
                                "resourceLogs[" + r + "].scopeLogs[" + s + "].logRecords[" + i + "]", null, e.getMessage()));
                    }
                }
            }
        }
        return new MappedLogs(logs, rejected);
    }

    private LogRecord map(String projectId, io.opentelemetry.proto.logs.v1.LogRecord log, ResourceContext resource,
            Map<String, String> scope, Instant now) {
        Instant observed = UnixNanos.optional("observedTimeUnixNano", log.getObservedTimeUnixNano());
        Instant time = UnixNanos.optional("timeUnixNano", log.getTimeUnixNano());
        if (time == null && observed == null) {
            observed = now;
        }
        time = time != null ? time : observed;
        String violation = window.violation(log.getTimeUnixNano() != 0 ? "timeUnixNano" : "observedTimeUnixNano",
                time, now);
        if (violation != null) {
            throw new Rejected(violation);
        }
        int severity = log.getSeverityNumberValue();
        if (severity < 0 || severity > MAX_SEVERITY) {
            throw new Rejected("severityNumber " + severity + " is outside 0 (unspecified) to 24 (FATAL4)");
        }
        int maxAttribute = limits.maxAttributeBytes();
        String severityText = Text.limit(log.getSeverityText(), maxAttribute);
        Map<String, String> extra = new LinkedHashMap<>(scope);
        // Newer SDKs send the event name as a field; older ones sent the attribute, which is where queries look.
        extra.put("event.name", log.getEventName());
        String body = log.hasBody() ? AttributeJson.content(log.getBody(), limits.maxContentBytes()) : null;
        return new LogRecord(projectId, null, time, observed, severity,
                severityText.isEmpty() ? null : severityText,
                body,
                resource.serviceName(),
                Ids.optional("traceId", log.getTraceId(), Ids.TRACE_ID_BYTES),
                Ids.optional("spanId", log.getSpanId(), Ids.SPAN_ID_BYTES),
                AttributeJson.object(Attributes.of(log.getAttributesList()).withDefaults(extra), maxAttribute),
                resource.json());
    }
}
