package org.llmobservatory.storage.health;

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
    WHEN_AUTHORISED
}
