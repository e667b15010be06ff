package org.llmobservatory.storage.health;

import java.util.Locale;

/**
 * Who sees the components and measurements of {@code /health} and {@code /health/ready}, as Spring
 * Boot's {@code show-details}; the others see the overall status only. The status code never changes.
 */
public enum DetailsVisibility {
    /** Everyone (the default). */
    ALWAYS,
    /** Nobody. */
    NEVER,
    /** Requests carrying a valid API key ({@code Authorization: Bearer} or {@code X-API-Key}). */
    WHEN_AUTHORISED;

    public static final String VARIABLE = "OBSERVATORY_HEALTH_DETAILS";

    /** Reads {@code always}, {@code never} or {@code when-authorised} (also spelt {@code when-authorized}). */
    public static DetailsVisibility parse(String value) {
        if (value == null || value.isBlank()) {
            return ALWAYS;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "always" -> ALWAYS;
            case "never" -> NEVER;
            case "when-authorised", "when-authorized" -> WHEN_AUTHORISED;
            default -> throw new IllegalArgumentException(VARIABLE + " must be always, never or when-authorised, got: "
                    + value);
        };
    }
}
