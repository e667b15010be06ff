package org.llmobservatory.storage.pool;

import java.net.URI;
import java.time.Duration;
import org.llmobservatory.storage.config.DatabaseUrl;

/** PostgreSQL could not be reached; the message names where we looked. */
public final class DatabaseUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DatabaseUnavailableException(String jdbcUrl, int attempts, Duration waited, Throwable cause) {
        super("could not connect to PostgreSQL at " + hostAndPort(jdbcUrl) + " (" + DatabaseUrl.redact(jdbcUrl)
                + ") after " + attempts + " attempts over " + waited.toSeconds() + " s"
                + (cause == null ? "" : ": " + cause.getMessage()), cause);
    }

    DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    static String hostAndPort(String jdbcUrl) {
        try {
            URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
            return uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort());
        } catch (IllegalArgumentException e) {
            return "an unparseable address";
        }
    }
}
