package org.llmobservatory.storage.health;

/**
 * The state of the service or of one of its components, as {@code /health} reports it (Spring Boot
 * Actuator's names, plus {@code DEGRADED} and {@code DISABLED}).
 */
public enum HealthStatus {
    /** Working. */
    UP,
    /** Overall only: serving, but a non-essential component (the Redis cache) is down. Still HTTP 200. */
    DEGRADED,
    /** Not working; overall {@code DOWN} answers HTTP 503. */
    DOWN,
    /** Component only: switched off by configuration (Redis with {@code OBSERVATORY_REDIS_URL=none}). */
    DISABLED
}
