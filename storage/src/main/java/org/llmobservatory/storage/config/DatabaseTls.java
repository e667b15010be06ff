package org.llmobservatory.storage.config;

import java.nio.file.Files;
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
 *                 {@code verify-full} ({@code OBSERVATORY_DATABASE_SSLMODE})
 * @param rootCert the CA certificate (PEM) the server's certificate must chain to
 *                 ({@code OBSERVATORY_DATABASE_SSLROOTCERT})
 */
public record DatabaseTls(Optional<String> sslMode, Optional<Path> rootCert) {

    public static final String SSLMODE = "OBSERVATORY_DATABASE_SSLMODE";
    public static final String SSLROOTCERT = "OBSERVATORY_DATABASE_SSLROOTCERT";
    static final Set<String> MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    /** Nothing set: pgjdbc's defaults. */
    public static final DatabaseTls DEFAULTS = new DatabaseTls(Optional.empty(), Optional.empty());

    public DatabaseTls {
        sslMode = sslMode.map(m -> m.strip().toLowerCase(Locale.ROOT));
        if (sslMode.isPresent() && !MODES.contains(sslMode.get())) {
            throw new IllegalArgumentException(SSLMODE + " must be disable, allow, prefer, require, verify-ca or"
                    + " verify-full, got: " + sslMode.get());
        }
        if (rootCert.isPresent() && sslMode.filter(m -> m.equals("disable") || m.equals("allow")).isPresent()) {
            throw new IllegalArgumentException(SSLROOTCERT + " needs TLS, but " + SSLMODE + " is " + sslMode.get()
                    + "; use verify-full (or verify-ca)");
        }
    }

    /** Reads the two variables; a root certificate alone means {@code verify-full}, and must be readable. */
    public static DatabaseTls fromEnvironment(Map<String, String> env) {
        Optional<String> mode = value(env, SSLMODE);
        Optional<Path> cert = value(env, SSLROOTCERT).map(Path::of);
        if (cert.isPresent() && !Files.isReadable(cert.get())) {
            throw new IllegalArgumentException(SSLROOTCERT + " must be a readable PEM file, got: " + cert.get());
        }
        if (cert.isPresent() && mode.isEmpty()) {
            mode = Optional.of("verify-full");
        }
        return new DatabaseTls(mode, cert);
    }

    /** The pgjdbc connection properties for these settings. */
    public Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        sslMode.ifPresent(m -> properties.put("sslmode", m));
        rootCert.ifPresent(c -> properties.put("sslrootcert", c.toAbsolutePath().toString()));
        return properties;
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }
}
