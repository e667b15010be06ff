package org.llmobservatory.storage.auth;

/** Who a request acts for: the project its key belongs to, and the key, or the open default. */
public record Principal(String projectId, String keyId) {

    /** The project used when no key is configured at all. */
    public static final String DEFAULT_PROJECT = "default";

    /** The identity of requests while the service runs without keys. */
    public static Principal anonymous() {
        return new Principal(DEFAULT_PROJECT, null);
    }

    public boolean anonymousAccess() {
        return keyId == null;
    }
}
