package org.llmobservatory.storage.health;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of {@code /health}: the overall status and each component's. Overall it is {@code DOWN}
 * (HTTP 503) when an essential component is down, {@code DEGRADED} (HTTP 200) when only an optional one
 * is (Redis: queries fall back to PostgreSQL; the read replica: reads fall back to the primary), and {@code UP}
 * otherwise. A {@code DISABLED} component does not count.
 */
public record Health(HealthStatus status, Map<String, ComponentHealth> components) {

    /** Components whose loss does not stop the service: queries go to PostgreSQL, or to the primary. */
    static final Set<String> OPTIONAL = Set.of("redis", "replica");

    public Health {
        components = Collections.unmodifiableMap(new LinkedHashMap<>(components));
    }

    /** Derives the overall status from the components, in the order given. */
    public static Health of(Map<String, ComponentHealth> components) {
        HealthStatus overall = HealthStatus.UP;
        for (var entry : components.entrySet()) {
            if (entry.getValue().status() == HealthStatus.DOWN) {
                if (!OPTIONAL.contains(entry.getKey())) {
                    return new Health(HealthStatus.DOWN, components);
                }
                overall = HealthStatus.DEGRADED;
            }
        }
        return new Health(overall, components);
    }

    /** 503 when down, 200 otherwise (degraded included). */
    @JsonIgnore
    public int httpStatus() {
        return status == HealthStatus.DOWN ? 503 : 200;
    }
}
