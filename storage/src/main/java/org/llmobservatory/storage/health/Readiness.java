package org.llmobservatory.storage.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a readiness check: ready only when every named check is up.
 *
 * @param checks each check by name ({@code postgres}, {@code migrations}, {@code draining}), in a fixed order
 */
public record Readiness(Map<String, Check> checks) {

    public Readiness {
        checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
    }

    /** One check's result; {@code detail} says what was seen, {@code latencyMs} how long it took. */
    public record Check(boolean up, String detail, long latencyMs) {

        public static Check up(String detail, long latencyMs) {
            return new Check(true, detail, latencyMs);
        }

        public static Check down(String detail, long latencyMs) {
            return new Check(false, detail, latencyMs);
        }
    }

    public boolean ready() {
        return checks.values().stream().allMatch(Check::up);
    }

    /** Names of the checks that are down, in check order. */
    public List<String> failed() {
        return checks.entrySet().stream().filter(e -> !e.getValue().up()).map(Map.Entry::getKey).toList();
    }
}
