package org.llmobservatory.server.mapping;

import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
import java.util.List;
import org.llmobservatory.server.values.AttributeJson;
import org.llmobservatory.server.values.Attributes;
import org.llmobservatory.server.values.Ids;
import org.llmobservatory.server.values.Text;

/**
 * A span's events as a JSON array of {@code {name, time, attributes}} (time in RFC 3339 with up to
 * nanosecond precision, null when unset) and its links as {@code {traceId, spanId, attributes}} with
 * hex ids.
 */
public final class SpanDetails {

    private SpanDetails() {
    }

    static String events(List<Span.Event> events, int maxBytes) {
        if (events.isEmpty()) {
            return "[]";
        }
        return AttributeJson.json(g -> {
            g.writeStartArray();
            for (Span.Event event : events) {
                g.writeStartObject();
                g.writeStringField("name", Text.limit(event.getName(), maxBytes));
                long nanos = event.getTimeUnixNano();
                g.writeStringField("time", nanos > 0 ? Instant.ofEpochSecond(0, nanos).toString() : null);
                g.writeFieldName("attributes");
                AttributeJson.writeObject(g, Attributes.of(event.getAttributesList()).asMap(), maxBytes);
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    static String links(List<Span.Link> links, int maxBytes) {
        if (links.isEmpty()) {
            return "[]";
        }
        return AttributeJson.json(g -> {
            g.writeStartArray();
            for (Span.Link link : links) {
                g.writeStartObject();
                g.writeStringField("traceId", Ids.hex(link.getTraceId()));
                g.writeStringField("spanId", Ids.hex(link.getSpanId()));
                g.writeFieldName("attributes");
                AttributeJson.writeObject(g, Attributes.of(link.getAttributesList()).asMap(), maxBytes);
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }
}
