package org.llmobservatory.storage.health;

import java.util.LinkedHashMap;
import java.util.Map;

/** Component details as an ordered map, so that {@code /health} lists them in a stable order. */
public final class Details {

    private Details() {
    }

    /** Alternating names and values. */
    public static Map<String, Object> of(Object... namesAndValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            details.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return details;
    }
}
