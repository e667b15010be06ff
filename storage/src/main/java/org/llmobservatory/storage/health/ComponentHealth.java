package org.llmobservatory.storage.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health of one component of {@code /health}: its status and what was measured ({@code latencyMs},
 * pool counts, buffer fill) or, when it is down, the {@code error} seen.
 */
public record ComponentHealth(HealthStatus status, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> details) {

    public ComponentHealth {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static ComponentHealth up(Map<String, Object> details) {
        return new ComponentHealth(HealthStatus.UP, details);
    }

    public static ComponentHealth down(Map<String, Object> details) {
        return new ComponentHealth(HealthStatus.DOWN, details);
    }

    public static ComponentHealth disabled(Map<String, Object> details) {
        return new ComponentHealth(HealthStatus.DISABLED, details);
    }
}
