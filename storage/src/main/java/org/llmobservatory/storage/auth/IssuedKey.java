package org.llmobservatory.storage.auth;

/**
 * A key just created: {@code token} is the only copy of the secret, to hand to the client once
 * ({@code obs_<keyId>_<secret>}).
 */
public record IssuedKey(ApiKey key, String token) {

    @Override
    public String toString() {
        // Never print the token by accident (logs, exceptions).
        return "IssuedKey[" + key + "]";
    }
}
