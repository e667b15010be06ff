package org.llmobservatory.storage.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A PostgreSQL location given either as a JDBC URL or in the {@code postgres://user:pass@host/db}
 * form most hosting platforms hand out. Credentials found in the URL are split off, so the JDBC URL
 * that is logged or written to {@code ports.json} never carries a password.
 */
public record DatabaseUrl(String jdbcUrl, Optional<String> user, Optional<String> password) {

    public DatabaseUrl {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + redact(jdbcUrl));
        }
    }

    /** Parses {@code jdbc:postgresql://...}, {@code postgres://...} or {@code postgresql://...}. */
    public static DatabaseUrl parse(String text) {
        String value = text.strip();
        if (value.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(value, Optional.empty(), Optional.empty());
        }
        if (!value.startsWith("postgres://") && !value.startsWith("postgresql://")) {
            throw new IllegalArgumentException(
                    "database URL must start with jdbc:postgresql://, postgres:// or postgresql://, got: "
                            + redact(value));
        }
        URI uri = URI.create(value);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("database URL has no host: " + redact(value));
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            user = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                password = Optional.of(decode(userInfo.substring(colon + 1)));
            }
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new DatabaseUrl("jdbc:postgresql://" + uri.getHost() + ":" + port + path + query, user, password);
    }

    /** The URL and user, the password masked: safe to log. */
    @Override
    public String toString() {
        return "DatabaseUrl[" + redact(jdbcUrl) + ", user=" + user + ", password=" + password.map(p -> "****") + "]";
    }

    /** The URL with any {@code password=} parameter masked, safe to log. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1****").replaceAll("//([^/:@]*):[^@/]*@", "//$1:****@");
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }
}
