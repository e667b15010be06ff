package org.llmobservatory.server.genai;

import org.llmobservatory.server.values.Attributes;

/** Who a span was for, in which conversation, in which deployment environment. */
public record Identity(String userId, String sessionId, String environment) {

    public static Identity of(Attributes span, Attributes resource, int maxBytes) {
        String environment = resource.text(Conventions.ENVIRONMENT_RESOURCE, maxBytes);
        return new Identity(
                span.text(Conventions.USER, maxBytes),
                span.text(Conventions.SESSION, maxBytes),
                environment != null ? environment : span.text(Conventions.ENVIRONMENT_SPAN, maxBytes));
    }
}
