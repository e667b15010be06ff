package org.llmobservatory.storage.auth;

import java.time.Instant;
import java.util.Optional;

/** A stored API key, without its secret. */
public record ApiKey(String keyId, String projectId, String name, Instant createdAt, Optional<Instant> revokedAt) {

    public boolean active() {
        return revokedAt.isEmpty();
    }
}
