package org.llmobservatory.server.mapping;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmobservatory.server.genai.Conventions;
import org.llmobservatory.server.values.AttributeJson;
import org.llmobservatory.server.values.Attributes;
import org.llmobservatory.server.values.ContentLimits;

/**
 * What every item under one resource shares: its attributes, their JSON (written once per resource,
 * not once per item) and the service name, {@code unknown_service} when the resource has none, as the
 * OpenTelemetry SDKs do.
 */
public record ResourceContext(Attributes attributes, String json, String serviceName) {

    static ResourceContext of(Resource resource, ContentLimits limits) {
        Attributes attributes = Attributes.of(resource.getAttributesList());
        String service = attributes.text(List.of(Conventions.SERVICE_NAME), limits.maxAttributeBytes());
        return new ResourceContext(attributes, AttributeJson.object(attributes.asMap(), limits.maxAttributeBytes()),
                service != null ? service : Conventions.UNKNOWN_SERVICE);
    }

    /**
     * The instrumentation scope as attributes ({@code otel.scope.name}, {@code otel.scope.version}, the
     * names OpenTelemetry uses where a format has no scope field), added to items that lack them.
     */
    static Map<String, String> scope(InstrumentationScope scope) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("otel.scope.name", scope.getName());
        attributes.put("otel.scope.version", scope.getVersion());
        return attributes;
    }
}
