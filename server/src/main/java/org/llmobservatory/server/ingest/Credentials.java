package org.llmobservatory.server.ingest;

/** Where clients put their API key: {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}. */
public final class Credentials {

    private Credentials() {
    }

    /** The presented key, or null when none was sent. */
    public static String token(String authorization, String apiKey) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        if (apiKey != null && !apiKey.isBlank()) {
            return apiKey.strip();
        }
        return null;
    }
}
