package org.llmobservatory.storage.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * TLS towards PostgreSQL, passed to pgjdbc as its {@code sslmode} and {@code sslrootcert} properties;
 * unset values leave pgjdbc's defaults (and anything in the JDBC URL) alone.
 *
 * @param sslMode  {@code disable}, {@code allow}, {@code prefer}, {@code require}, {@code verify-ca} or
 *                 {@code verify-full}
 * @param rootCert the CA certificate (PEM) the server's certificate must chain to
 */
public record DatabaseTls(Optional<String> sslMode, Optional<Path> rootCert) {

    /** The values of pgjdbc's {@code sslmode}. */
    public static final Set<String> MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    /** Nothing set: pgjdbc's defaults. */
    public static final DatabaseTls DEFAULTS = new DatabaseTls(Optional.empty(), Optional.empty());

    /** A root certificate alone means {@code verify-full}; an explicit mode is kept. */
    public static DatabaseTls of(Optional<String> sslMode, Optional<Path> rootCert) {
        return new DatabaseTls(rootCert.isPresent() && sslMode.isEmpty() ? Optional.of("verify-full") : sslMode,
                rootCert);
    }

    public DatabaseTls {
        sslMode = sslMode.map(m -> m.strip().toLowerCase(Locale.ROOT));
        if (sslMode.isPresent() && !MODES.contains(sslMode.get())) {
            throw new IllegalArgumentException("sslmode must be disable, allow, prefer, require, verify-ca or"
                    + " verify-full, got: " + sslMode.get());
        }
        if (rootCert.isPresent() && sslMode.filter(m -> m.equals("disable") || m.equals("allow")).isPresent()) {
            throw new IllegalArgumentException("sslrootcert needs TLS, but sslmode is " + sslMode.get()
                    + "; use verify-full (or verify-ca)");
        }
    }

    /** The pgjdbc connection properties for these settings. */
    public Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        sslMode.ifPresent(m -> properties.put("sslmode", m));
        rootCert.ifPresent(c -> properties.put("sslrootcert", c.toAbsolutePath().toString()));
        return properties;
    }
}
